package org.facemat.train.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.facemat.net.weights.OnnxWeights;
import org.facemat.net.weights.WeightSet;
import org.facemat.train.InitModel;
import org.facemat.train.testing.Oracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxWeightsTest {
    @Test
    void readsBackExactlyTheWeightsThatWereExported(@TempDir Path dir) throws Exception {
        WeightSet w = InitModel.weights(Oracle.modelJson());
        Path f = dir.resolve("m.onnx");
        org.facemat.net.onnx.FaceMatOnnxExporter.export(w, InitModel.metadata(), f);
        WeightSet back = OnnxWeights.read(f);
        assertEquals(w.names(), back.names());
        for (String n : w.names()) {
            assertArrayEquals(w.get(n).shape(), back.get(n).shape(), n);
            float[] expected = w.get(n).data().clone();
            if (n.startsWith("project_mat.conv.")) {
                // only the alpha row (the last of 4) is exported; the foreground rows read back as zeros
                int row = expected.length / 4;
                java.util.Arrays.fill(expected, 0, 3 * row, 0f);
            }
            assertArrayEquals(expected, back.get(n).data(), 0f, n);
        }
    }
}
