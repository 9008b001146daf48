package org.facemat.net.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.facemat.model.ModelContract;
import org.facemat.model.file.ModelMetadata;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.FaceMatNet;
import org.facemat.net.PriorInputs;
import org.facemat.net.weights.WeightSet;

/**
 * Writes the FaceMat network (RVM MobileNetV3 matting network plus the uncertainty head) as an ONNX file that fulfils
 * {@link ModelContract}: opset 17, float32, dynamic H and W, inputs {@code src}, {@code src_sm}, {@code r1i..r4i},
 * outputs {@code alpha}, {@code uncertainty}, {@code r1o..r4o}; and the optional input {@code prior} when the weights'
 * stem takes the landmark prior ({@link FaceMatArchitecture#priorInputs}), which then also goes, pooled like the image,
 * to every decoder stage when the weights' decoder convs have its channel.
 *
 * <p>The graph is the network as {@link FaceMatNet} writes it (the product's variant: alpha channel of the
 * projection only, no foreground colour), each operation written by the ONNX backend {@link OnnxOps}, which lays some
 * of them out for ONNX Runtime and TensorRT (the {@code If} nodes, the conv per part of a concatenation). This class
 * adds the model's header and metadata.
 */
public final class FaceMatOnnxExporter {
    public static final String PRODUCER = "facemat";
    public static final long IR_VERSION = 8;

    private FaceMatOnnxExporter() {
    }

    /**
     * Exports {@code weights} (every name of {@link FaceMatArchitecture#parameterShapes(boolean)} with the
     * uncertainty head) to {@code out}. The file appears only when complete: it is written to a temporary file in the
     * same folder and then renamed, replacing any older file.
     *
     * @throws IllegalArgumentException when a parameter is missing or has the wrong shape
     * @throws IOException              when the folder cannot be written; no partial file is left behind
     */
    public static void export(WeightSet weights, ModelMetadata metadata, Path out) throws IOException {
        ModelProto model = toModel(weights, metadata);
        org.facemat.io.AtomicFile.stream(out, model::writeTo);
    }

    /** The complete model in memory. */
    public static ModelProto toModel(WeightSet weights, ModelMetadata metadata) {
        checkWeights(weights);
        PriorInputs prior = FaceMatArchitecture.priorInputs(weights);
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(PRODUCER)
                .setProducerVersion(metadata.modelVersion())
                .setDomain("org.facemat")
                .setDocString(metadata.modelName() + " " + metadata.modelVersion()
                        + ": face matte (alpha) and its standard deviation (uncertainty), RVM-based recurrent network")
                .setGraph(OnnxOps.graph("facemat", new FaceMatNet(prior, false), weights));
        m.addOpsetImportBuilder().setDomain("").setVersion(ModelContract.OPSET);
        Map<String, String> properties = new java.util.LinkedHashMap<>(metadata.toProperties());
        if (prior.stem()) {
            // the graph has the input, so the file says how the prior it expects is drawn, and which layers see it
            properties.put(ModelContract.META_PRIOR, ModelContract.PRIOR_KIND);
            properties.put(ModelMetadata.META_PRIOR_INPUTS, prior.label());
        }
        for (Map.Entry<String, String> p : properties.entrySet()) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(p.getKey()).setValue(p.getValue()));
        }
        return m.build();
    }

    private static void checkWeights(WeightSet w) {
        List<String> problems = new ArrayList<>();
        PriorInputs prior = FaceMatArchitecture.priorInputs(w);
        for (Map.Entry<String, long[]> p : FaceMatArchitecture.parameterShapes(true, prior).entrySet()) {
            if (!w.contains(p.getKey())) {
                problems.add(p.getKey() + " is missing");
            } else if (!Arrays.equals(p.getValue(), w.get(p.getKey()).shape())) {
                problems.add(p.getKey() + " has shape " + Arrays.toString(w.get(p.getKey()).shape()) + ", expected "
                        + Arrays.toString(p.getValue()));
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot export: " + problems.size() + " parameter(s) wrong: "
                    + String.join("; ", problems.subList(0, Math.min(problems.size(), 10)))
                    + (problems.size() > 10 ? "; ..." : ""));
        }
    }

}
