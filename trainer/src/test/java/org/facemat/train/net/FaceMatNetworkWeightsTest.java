package org.facemat.train.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.facemat.model.ModelContract;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loading, exporting and per-frame running without the RVM files (untrained weights). */
class FaceMatNetworkWeightsTest {
    private static NDManager manager;
    private static FaceMatNetwork network;

    @BeforeAll
    static void build() {
        manager = NDManager.newBaseManager();
        network = FaceMatNetwork.create(manager);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static WeightSet copyWithout(WeightSet w, String... drop) {
        WeightSet c = new WeightSet();
        w.asMap().forEach((k, v) -> {
            if (!java.util.List.of(drop).contains(k)) {
                c.put(k, v);
            }
        });
        return c;
    }

    @Test
    void exportsEveryParameterOfTheLayerTableAndLoadsItBack() {
        WeightSet w = network.exportWeights();
        Map<String, long[]> table = FaceMatArchitecture.parameterShapes(true);
        assertEquals(table.keySet(), w.names());
        table.forEach((name, shape) -> assertArrayEquals(shape, w.get(name).shape(), name));
        assertArrayEquals(FaceMatArchitecture.RVM_MEAN, w.get(FaceMatArchitecture.MEAN).data());

        WeightSet changed = copyWithout(w);
        String name = "decoder.decode1.gru.hh.0.weight";
        float[] v = w.get(name).data().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 1e-4f;
        }
        changed.put(name, new Tensor(w.get(name).shape(), v));
        network.loadWeights(changed);
        assertArrayEquals(v, network.exportWeights().get(name).data());
        network.loadWeights(w);
        assertArrayEquals(w.get(name).data(), network.exportWeights().get(name).data());
    }

    @Test
    void refusesAMissingTensor() {
        WeightSet w = copyWithout(network.exportWeights(), "decoder.decode2.conv.0.bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> network.loadWeights(w));
        assertTrue(e.getMessage().contains("missing decoder.decode2.conv.0.bias"), e.getMessage());
    }

    @Test
    void refusesRvmWeightsWithoutTheUncertaintyHeadAndSaysHowToAddIt() {
        WeightSet w = copyWithout(network.exportWeights(), "project_unc.0.weight", "project_unc.0.bias",
                "project_unc.2.weight", "project_unc.2.bias");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> network.loadWeights(w));
        assertTrue(e.getMessage().contains("missing project_unc.0.weight"), e.getMessage());
        assertTrue(e.getMessage().contains("UncertaintyHeadInit.addTo"), e.getMessage());
    }

    @Test
    void refusesAWrongShapeAndLeavesTheWeightsAlone() {
        WeightSet before = network.exportWeights();
        WeightSet w = copyWithout(before);
        w.put("decoder.decode0.conv.0.bias", new Tensor(new long[] {16}, new float[16])); // would change values
        w.put("aspp.aspp1.0.weight", new Tensor(new long[] {128, 960, 2, 1}, new float[128 * 960 * 2]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> network.loadWeights(w));
        assertTrue(e.getMessage().contains(
                "wrong shape for aspp.aspp1.0.weight: expected [128, 960, 1, 1], got [128, 960, 2, 1]"), e.getMessage());
        assertArrayEquals(before.get("decoder.decode0.conv.0.bias").data(),
                network.exportWeights().get("decoder.decode0.conv.0.bias").data());
    }

    @Test
    void refusesAnUnexpectedTensor() {
        WeightSet w = copyWithout(network.exportWeights());
        w.put("refiner.box_filter.weight", new Tensor(new long[] {4, 1, 3, 3}, new float[36]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> network.loadWeights(w));
        assertTrue(e.getMessage().contains("unexpected refiner.box_filter.weight"), e.getMessage());
    }

    @Test
    void meanAndStdAreNotTrainable() {
        assertFalse(network.namedParameters().get(FaceMatArchitecture.MEAN).requiresGradient());
        assertFalse(network.namedParameters().get(FaceMatArchitecture.INV_STD).requiresGradient());
        assertTrue(network.namedParameters().get("backbone.features.0.0.weight").requiresGradient());
    }

    @Test
    void perFrameRunsCarryStatesAndFreeEverythingElse() {
        int height = 50;
        int width = 70;
        float[] src = HalfPixelResizeTest.random(3 * height * width, 11);
        int paramArrays = ((BaseNDManager) manager).getManagedArrays().size();
        try (FaceMatForward forward = new FaceMatForward(network, 0.5f)) {
            FaceMatForward.Frame first = forward.next(src, height, width);
            assertEquals(height * width, first.alpha().length);
            assertEquals(height * width, first.sigma().length);
            assertEquals(3 * height * width, first.fgr().length);
            assertEquals(25, first.workingHeight());
            assertEquals(35, first.workingWidth());
            for (int i = 0; i < 4; i++) {
                long[] s = ModelContract.stateShape(i, 25, 35);
                assertEquals(s[1] * s[2] * s[3], first.states()[i].length);
            }
            FaceMatForward.Frame second = forward.next(src, height, width);
            // the same frame again, now with states: the recurrence changes the result
            assertTrue(HalfPixelResizeTest.maxDiff(first.states()[3], second.states()[3]) > 0f);
            for (int t = 0; t < 5; t++) {
                forward.next(src, height, width);
            }
            // a new size starts from zeros again: equal to the first frame
            FaceMatForward.Frame other = forward.next(HalfPixelResizeTest.random(3 * 40 * 40, 12), 40, 40);
            assertEquals(20, other.workingHeight());
            forward.reset();
            FaceMatForward.Frame again = forward.next(src, height, width);
            assertArrayEquals(first.alpha(), again.alpha(), 1e-6f);
        }
        assertEquals(paramArrays, ((BaseNDManager) manager).getManagedArrays().size(),
                "frames left arrays in the parameters' manager");
    }
}
