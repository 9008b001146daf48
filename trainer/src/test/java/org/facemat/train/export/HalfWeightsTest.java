package org.facemat.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.RecurrentState;
import org.facemat.model.file.HalfWeights;
import org.facemat.train.ShippedModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HalfWeightsTest {
    @TempDir
    Path tmp;

    @Test
    void halvesTheFileAndKeepsTheOutputsWithinHalfPrecision() throws Exception {
        Path full = ShippedModelFiles.trained();
        Path half = tmp.resolve("half.onnx");
        int n = HalfWeights.convert(full, half);
        assertTrue(n > 100, "weight tensors converted: " + n);
        double ratio = Files.size(half) / (double) Files.size(full);
        assertTrue(ratio > 0.49 && ratio < 0.55, "size ratio " + ratio);

        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(half));
        long halfTensors = m.getGraph().getInitializerList().stream()
                .filter(t -> t.getDataType() == TensorProto.DataType.FLOAT16_VALUE).count();
        assertTrue(halfTensors > 0, "float16 initializers in the main graph");
        assertTrue(m.getMetadataPropsList().stream().anyMatch(p -> p.getKey().equals(HalfWeights.META_WEIGHTS)
                && p.getValue().startsWith("float16")));

        // the same frame through both, as the node runs them: close, but not the same numbers
        int h = 96;
        int w = 128;
        float[] rgb = new float[3 * h * w];
        Random r = new Random(5);
        for (int i = 0; i < rgb.length; i++) {
            // a smooth blob with some noise: outputs between 0 and 1 rather than saturated
            int x = i % w;
            int y = (i / w) % h;
            double d = Math.hypot(x - w / 2.0, y - h / 2.0) / (h / 2.0);
            rgb[i] = (float) Math.min(1, Math.max(0, 0.8 - 0.5 * d + 0.05 * r.nextGaussian()));
        }
        MattePlanes a;
        MattePlanes b;
        try (FaceMatModel fm = FaceMatModel.open(full); FaceMatModel hm = FaceMatModel.open(half)) {
            a = fm.run(rgb, h, w, 1f, RecurrentState.zeros(h, w));
            b = hm.run(rgb, h, w, 1f, RecurrentState.zeros(h, w));
        }
        double alpha = maxDifference(a.alpha(), b.alpha());
        double sigma = maxDifference(a.uncertainty(), b.uncertainty());
        assertTrue(alpha + sigma > 0, "the weights were rounded, so some output moves");
        assertTrue(alpha < 0.02 && sigma < 0.02, "largest differences: alpha " + alpha + ", uncertainty " + sigma);
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    @Test
    void theWeightsOfAHalfModelReadBackAsTheModelsWithinHalfPrecision() throws Exception {
        Path full = ShippedModelFiles.trained();
        Path half = tmp.resolve("read-back.onnx");
        HalfWeights.convert(full, half);
        org.facemat.net.weights.WeightSet a = org.facemat.net.weights.OnnxWeights.read(full);
        org.facemat.net.weights.WeightSet b = org.facemat.net.weights.OnnxWeights.read(half);
        assertEquals(a.names(), b.names(), "every parameter, the prior's stem channel included");
        for (String name : a.names()) {
            float[] x = a.get(name).data();
            float[] y = b.get(name).data();
            assertEquals(x.length, y.length, name);
            for (int i = 0; i < x.length; i++) {
                assertEquals(x[i], y[i], Math.abs(x[i]) * 1e-3 + 1e-4, name + "[" + i + "]");
            }
        }
    }

    @Test
    void refusesAModelThatIsHalfAlreadyAndAFileThatIsNoModel() throws Exception {
        Path half = tmp.resolve("half.onnx");
        HalfWeights.convert(ShippedModelFiles.trained(), half);
        IOException again = assertThrows(IOException.class, () -> HalfWeights.convert(half, tmp.resolve("x.onnx")));
        assertEquals(half + ": the weights are float16 already", again.getMessage());
        assertTrue(Files.notExists(tmp.resolve("x.onnx")));

        Path junk = tmp.resolve("junk.onnx");
        Files.write(junk, new byte[] {(byte) 0xff, 0x01, 0x02, 0x03});
        IOException e = assertThrows(IOException.class, () -> HalfWeights.convert(junk, tmp.resolve("y.onnx")));
        assertTrue(e.getMessage().startsWith(junk + ": not an ONNX model"), e.getMessage());
        assertTrue(Files.notExists(tmp.resolve("y.onnx")));
    }
}
