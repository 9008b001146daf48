package org.facemat.train.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.PriorInputs;
import org.facemat.net.weights.OnnxWeights;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;
import org.facemat.train.ShippedModelFiles;
import org.facemat.train.testing.Oracle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The landmark prior in the decoder: a model that takes it at the stem (the shipped one), widened with zero weights
 * for the decoder's prior channels, computes exactly what it computed before, whatever the prior; non-zero weights
 * there reach the output.
 */
class DecoderPriorInputTest {
    private static NDManager manager;
    private static WeightSet stemOnly;
    private static FaceMatNetwork base;
    private static FaceMatNetwork widened;

    @BeforeAll
    static void build() throws Exception {
        manager = NDManager.newBaseManager();
        stemOnly = OnnxWeights.read(ShippedModelFiles.stemPrior());
        base = FaceMatNetwork.forWeights(manager, stemOnly);
        widened = FaceMatNetwork.forWeights(manager, FaceMatArchitecture.withDecoderPrior(stemOnly));
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void theWeightShapesTellWhereThePriorGoes() throws Exception {
        assertEquals(PriorInputs.STEM, FaceMatArchitecture.priorInputs(stemOnly));
        assertEquals(PriorInputs.STEM, base.priorInputs());
        assertEquals(PriorInputs.STEM_AND_DECODER, widened.priorInputs());
        WeightSet init = OnnxWeights.read(ShippedModelFiles.init());
        assertEquals(PriorInputs.NONE, FaceMatArchitecture.priorInputs(init));

        Map<String, long[]> wide = FaceMatArchitecture.parameterShapes(true, PriorInputs.STEM_AND_DECODER);
        assertArrayEquals(new long[] {80, 128 + 40 + 4, 3, 3}, wide.get("decoder.decode3.conv.0.weight"));
        assertArrayEquals(new long[] {40, 80 + 24 + 4, 3, 3}, wide.get("decoder.decode2.conv.0.weight"));
        assertArrayEquals(new long[] {32, 40 + 16 + 4, 3, 3}, wide.get("decoder.decode1.conv.0.weight"));
        assertArrayEquals(new long[] {16, 32 + 4, 3, 3}, wide.get(FaceMatArchitecture.DECODE0_WEIGHT));
        assertArrayEquals(new long[] {16, 4, 3, 3}, wide.get(FaceMatArchitecture.STEM_WEIGHT));
        assertEquals(Map.of(FaceMatArchitecture.STEM_WEIGHT, 3, "decoder.decode3.conv.0.weight", 171,
                        "decoder.decode2.conv.0.weight", 107, "decoder.decode1.conv.0.weight", 59,
                        FaceMatArchitecture.DECODE0_WEIGHT, 35),
                FaceMatArchitecture.priorChannels(PriorInputs.STEM_AND_DECODER));

        // the decoder prior comes on top of the stem's: a model without any is widened at both
        WeightSet both = FaceMatArchitecture.widenedTo(init, PriorInputs.STEM_AND_DECODER);
        assertEquals(PriorInputs.STEM_AND_DECODER, FaceMatArchitecture.priorInputs(both));
        assertThrows(IllegalArgumentException.class, () -> FaceMatArchitecture.withDecoderPrior(init));
        assertThrows(IllegalArgumentException.class, () -> FaceMatArchitecture.withDecoderPrior(both));
        assertSame(both, FaceMatArchitecture.widenedTo(both, PriorInputs.STEM_AND_DECODER));
        assertThrows(IllegalArgumentException.class, () -> FaceMatArchitecture.widenedTo(both, PriorInputs.STEM));
        // weights of the other network: the message says which network they fit
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> widened.loadWeights(stemOnly));
        assertTrue(e.getMessage().contains("landmark prior at: stem, decoder, the weights at: stem"), e.getMessage());
    }

    @Test
    void wideningKeepsEveryWeightAndAddsZeros() {
        WeightSet wide = FaceMatArchitecture.withDecoderPrior(stemOnly);
        Map<String, Integer> priorChannel = FaceMatArchitecture.priorChannels(PriorInputs.STEM_AND_DECODER);
        for (String name : stemOnly.names()) {
            Tensor before = stemOnly.get(name);
            Tensor after = wide.get(name);
            if (!priorChannel.containsKey(name) || name.equals(FaceMatArchitecture.STEM_WEIGHT)) {
                assertSame(before, after, name);
                continue;
            }
            int in = (int) after.dim(1);
            int k = (int) (after.dim(2) * after.dim(3));
            int j = 0;
            for (int i = 0; i < after.data().length; i++) {
                if ((i / k) % in == priorChannel.get(name)) {
                    assertEquals(0f, after.data()[i], name);
                } else {
                    assertEquals(before.data()[j++], after.data()[i], name);
                }
            }
            assertEquals(before.data().length, j, name);
        }
    }

    @Test
    void zeroDecoderPriorWeightsChangeNothingWhateverThePrior() throws Exception {
        for (String c : new String[] {"s_72x128_r1.0", "s_67x121_r0.5"}) {
            Tensor t = Oracle.tensor(c, "src");
            int h = (int) t.dim(2);
            int w = (int) t.dim(3);
            float ratio = Oracle.ratio(c);
            try (FaceMatForward a = new FaceMatForward(base, ratio);
                 FaceMatForward b = new FaceMatForward(widened, ratio)) {
                float[][] priors = {LandmarkPriorInputTest.random(h * w, 41), null, new float[h * w]};
                for (float[] prior : priors) {
                    FaceMatForward.Frame ref = a.next(t.data(), prior, h, w);
                    FaceMatForward.Frame got = b.next(t.data(), prior, h, w);
                    float d = Math.max(Oracle.maxAbsDiff(ref.alpha(), got.alpha()),
                            Oracle.maxAbsDiff(ref.sigma(), got.sigma()));
                    for (int i = 0; i < 4; i++) {
                        d = Math.max(d, Oracle.maxAbsDiff(ref.states()[i], got.states()[i]));
                    }
                    System.out.printf("decoder prior with zero weights, %s, prior %s: max difference %.2e%n", c,
                            prior == null ? "none" : "given", d);
                    assertTrue(d <= 1e-6f, c + ": differs by " + d);
                }
            }
        }
    }

    @Test
    void decoderPriorWeightsReachTheOutput() throws Exception {
        WeightSet wide = FaceMatArchitecture.withDecoderPrior(stemOnly);
        // only decode0's prior channel: the prior then reaches the output through the decoder alone
        Tensor d0 = wide.get(FaceMatArchitecture.DECODE0_WEIGHT);
        float[] v = d0.data().clone();
        for (int o = 0; o < 16; o++) {
            for (int k = 0; k < 9; k++) {
                v[(o * 36 + 35) * 9 + k] = 0.2f;
            }
        }
        wide.put(FaceMatArchitecture.DECODE0_WEIGHT, new Tensor(d0.shape(), v));
        FaceMatNetwork trained = FaceMatNetwork.forWeights(manager, wide);
        float[] src = Oracle.tensor("s_72x128_r1.0", "src").data();
        try (FaceMatForward f = new FaceMatForward(trained, 1f); FaceMatForward ref = new FaceMatForward(base, 1f)) {
            float[] oval = LandmarkPriorInputTest.random(72 * 128, 5);
            FaceMatForward.Frame a = f.next(src, oval, 72, 128);
            FaceMatForward.Frame b = ref.next(src, oval, 72, 128);
            // the shipped model finds no face in this frame (alpha 0): the prior shows in the uncertainty
            assertTrue(Math.max(Oracle.maxAbsDiff(a.alpha(), b.alpha()), Oracle.maxAbsDiff(a.sigma(), b.sigma()))
                    > 1e-3f, "the decoder prior changes nothing");
        }
    }
}
