package org.facemat.model.file;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.PriorInputs;
import org.facemat.net.onnx.FaceMatOnnxExporter;
import org.facemat.net.weights.OnnxWeights;
import org.facemat.net.weights.WeightSet;

/**
 * Makes a model that takes the landmark prior at the stem and in the decoder from one that takes it nowhere or at the
 * stem only (facemat-face 2.0.0): what is missing is widened with zero weights for the prior
 * ({@link FaceMatArchitecture#widenedTo}) and the network exported again, with the same metadata. The new model
 * computes what the old one did, whatever the prior, until training teaches it to use the prior.
 */
public final class PriorModel {
    private PriorModel() {
    }

    /**
     * Reads {@code in}, writes the widened model to {@code out} (atomically). The caller makes sure {@code out} is
     * not {@code in}.
     *
     * @return where the model read took the prior before
     * @throws IOException one line naming {@code in} when it cannot be widened (not a model, float16 weights, takes the
     *                     prior at the stem and in the decoder already), or naming {@code out} when it cannot be
     *                     written
     */
    public static PriorInputs addPrior(Path in, Path out) throws IOException {
        OnnxMl.ModelProto model;
        try (InputStream s = Files.newInputStream(in)) {
            model = OnnxMl.ModelProto.parseFrom(s);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(in + ": file not found");
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(in + ": not an ONNX model (" + e.getMessage() + ")");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (OnnxMl.StringStringEntryProto p : model.getMetadataPropsList()) {
            meta.put(p.getKey(), p.getValue());
        }
        String weights = meta.get(HalfWeights.META_WEIGHTS);
        if (weights != null && weights.startsWith("float16")) {
            // the weights would be widened from their float16 bits: start from the float32 model
            throw new IOException(in + ": the weights are float16; add the prior to the float32 model, then convert");
        }
        ModelMetadata metadata;
        try {
            metadata = ModelMetadata.fromProperties(meta);
        } catch (IllegalArgumentException e) {
            throw new IOException(in + ": " + e.getMessage());
        }
        WeightSet w = OnnxWeights.read(in);
        PriorInputs before = FaceMatArchitecture.priorInputs(w);
        if (before == PriorInputs.STEM_AND_DECODER) {
            throw new IOException(in + ": the model takes the landmark prior at the stem and in the decoder already");
        }
        FaceMatOnnxExporter.export(FaceMatArchitecture.widenedTo(w, PriorInputs.STEM_AND_DECODER), metadata, out);
        return before;
    }
}
