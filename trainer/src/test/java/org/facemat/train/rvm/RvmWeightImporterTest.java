package org.facemat.train.rvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;
import org.facemat.train.testing.Oracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RvmWeightImporterTest {

    @Test
    void importsEveryParameterWithItsShape() throws Exception {
        WeightSet w = RvmWeightImporter.importFile(Oracle.modelJson());
        assertEquals(FaceMatArchitecture.parameterShapes(false).keySet(), w.names());
        // 3,735,296 conv parameters plus the 6 normalisation constants
        assertEquals(3_735_296L + 6, w.parameterCount());
        // the normalisation constants are quantised in the file
        assertArrayEquals(new float[] {0.485f, 0.45587844f, 0.406f}, w.get(FaceMatArchitecture.MEAN).data(), 1e-7f);
        assertArrayEquals(new float[] {4.366812f, 4.4642854f, 4.4444084f}, w.get(FaceMatArchitecture.INV_STD).data(),
                1e-6f);
    }

    @Test
    void dequantisesInDoubleAndConvertsLayout() throws Exception {
        WeightSet w = RvmWeightImporter.importFile(Oracle.modelJson());
        TfjsGraphModel tf = TfjsGraphModel.read(Oracle.modelJson());
        Tensor raw = tf.floatTensors().get("StatefulPartitionedCall/matting_network_wrapper/StatefulPartitionedCall/"
                + "mobile_net_v3_encoder/conv_bn_activation/conv2d/Conv2D_weights"); // [3,3,3,16] HWIO
        Tensor pt = w.get("backbone.features.0.0.weight"); // [16,3,3,3] OIHW
        // element (o=5, i=2, y=1, x=0) sits at HWIO (1,0,2,5)
        float expected = raw.data()[((1 * 3 + 0) * 3 + 2) * 16 + 5];
        assertEquals(expected, pt.data()[((5 * 3 + 2) * 3 + 1) * 3 + 0]);
        // q * scale + min in double: every value of the stem weights is min + k * scale exactly rounded once
        double min = -6.163336540670955;
        double scale = 0.05502979054170496;
        for (float v : raw.data()) {
            long k = Math.round((v - min) / scale);
            assertEquals((float) (k * scale + min), v);
        }
    }

    @Test
    void refusesATruncatedWeightFile(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("rvm.json");
        Files.copy(Oracle.modelJson(), json);
        byte[] bin = Files.readAllBytes(Oracle.modelJson().resolveSibling("rvm.bin"));
        Files.write(dir.resolve("rvm.bin"), Arrays.copyOf(bin, bin.length - 1000));
        RvmImportException e = assertThrows(RvmImportException.class, () -> RvmWeightImporter.importFile(json));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().startsWith(json.toString()), e.getMessage());
    }

    @Test
    void refusesAMissingWeightFile(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("rvm.json");
        Files.copy(Oracle.modelJson(), json);
        RvmImportException e = assertThrows(RvmImportException.class, () -> RvmWeightImporter.importFile(json));
        assertTrue(e.getMessage().contains("rvm.bin") && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void refusesFilesThatAreNotTfjsModels(@TempDir Path dir) throws Exception {
        Path notJson = dir.resolve("model.json");
        Files.writeString(notJson, "this is not json {");
        RvmImportException e = assertThrows(RvmImportException.class, () -> RvmWeightImporter.importFile(notJson));
        assertTrue(e.getMessage().contains("invalid JSON"), e.getMessage());
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"format\": \"graph-model\", \"modelTopology\": {}}");
        e = assertThrows(RvmImportException.class, () -> RvmWeightImporter.importFile(other));
        assertTrue(e.getMessage().contains("no weightsManifest"), e.getMessage());
        e = assertThrows(RvmImportException.class, () -> RvmWeightImporter.importFile(dir.resolve("absent.json")));
        assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
    }

    @Test
    void refusesAnotherGraphModel(@TempDir Path dir) throws Exception {
        // a real TFJS graph model that is not RVM: the shared BlazeFace detector
        Path blaze = org.facemat.testing.SharedData.require("data/models/blazeface/blazeface.json");
        Path json = dir.resolve("blazeface.json");
        Files.copy(blaze, json);
        Files.copy(blaze.resolveSibling("blazeface.bin"), dir.resolve("blazeface.bin"));
        RvmImportException e = assertThrows(RvmImportException.class, () -> RvmWeightImporter.importFile(json));
        assertTrue(e.getMessage().contains("not the RVM MobileNetV3 model"), e.getMessage());
    }
}
