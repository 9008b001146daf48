package org.facemat.train.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelContract;
import org.facemat.model.ModelLoadException;
import org.facemat.train.InitModel;
import org.facemat.train.testing.Oracle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped init model and the node's contract check on it and on broken copies of it. */
class InitModelTest {
    /** The model the product ships, relative to this module. */
    static final Path SHIPPED = Path.of("../core/src/main/resources/models/facemat-init.onnx");

    @TempDir
    static Path dir;
    static Path exported;

    @BeforeAll
    static void export() throws Exception {
        exported = dir.resolve("init.onnx");
        InitModel.export(Oracle.modelJson(), exported);
    }

    @Test
    void theShippedModelIsExactlyTheExportOfTheRvmWeights() throws Exception {
        assertTrue(Files.isRegularFile(SHIPPED), "shipped model missing: " + SHIPPED.toAbsolutePath());
        assertArrayEquals(Files.readAllBytes(exported), Files.readAllBytes(SHIPPED),
                "re-export the default model with: ./facemat export --from-rvm rvm.json --out "
                        + "core/src/main/resources/models/facemat-init.onnx");
    }

    @Test
    void itSaysWhatItIs() throws Exception {
        try (FaceMatModel m = FaceMatModel.open(exported)) {
            assertEquals("facemat-init", m.metadata().get(ModelContract.META_NAME));
            assertTrue(m.metadata().get(ModelContract.META_ALPHA).contains("not yet a face matte"));
            assertTrue(m.metadata().get(ModelContract.META_DATA).contains("uncertainty head untrained"));
            assertEquals("GPL-3.0", m.metadata().get(ModelContract.META_LICENCE));
            assertEquals(0.25f, m.recommendedRatio(1080, 1920));
            assertEquals(0.4f, m.recommendedRatio(720, 1280));
        }
    }

    private static Path variant(String name, java.util.function.UnaryOperator<OnnxMl.ModelProto.Builder> change)
            throws Exception {
        OnnxMl.ModelProto.Builder b = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(exported)).toBuilder();
        Path p = dir.resolve(name);
        Files.write(p, change.apply(b).build().toByteArray());
        return p;
    }

    private static String refusal(Path p) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FaceMatModel.open(p).close());
        assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void refusesAModelWithoutContractMetadata() throws Exception {
        Path p = variant("nometa.onnx", b -> {
            var props = b.getMetadataPropsList().stream()
                    .filter(e -> !e.getKey().equals(ModelContract.META_CONTRACT)).toList();
            return b.clearMetadataProps().addAllMetadataProps(props);
        });
        assertTrue(refusal(p).contains("metadata '" + ModelContract.META_CONTRACT + "' is missing"));
    }

    @Test
    void refusesAnotherOpset() throws Exception {
        Path p = variant("opset13.onnx", b -> b.setOpsetImport(0, b.getOpsetImport(0).toBuilder().setVersion(13)));
        assertTrue(refusal(p).contains("opset 13"));
    }

    @Test
    void refusesARenamedOutput() throws Exception {
        Path p = variant("renamed.onnx", b -> {
            OnnxMl.GraphProto.Builder g = b.getGraphBuilder();
            for (int i = 0; i < g.getOutputCount(); i++) {
                if (g.getOutput(i).getName().equals(ModelContract.UNCERTAINTY)) {
                    g.setOutput(i, g.getOutput(i).toBuilder().setName("sigma"));
                }
            }
            return b;
        });
        String m = refusal(p);
        assertTrue(m.contains("uncertainty") || m.contains("sigma"), m);
    }

    @Test
    void refusesFilesThatAreNotModels() throws Exception {
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, "definitely not a protobuf".getBytes());
        assertTrue(refusal(junk).contains("not an ONNX model"));
        Path cut = dir.resolve("cut.onnx");
        byte[] all = Files.readAllBytes(exported);
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        refusal(cut);
        assertTrue(refusal(dir.resolve("absent.onnx")).contains("no such model file"));
    }
}
