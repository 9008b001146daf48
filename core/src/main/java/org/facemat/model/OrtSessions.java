package org.facemat.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;

/**
 * How the product opens any ONNX model in ONNX Runtime: the session options and the execution provider choice that
 * the matting network and the face models share.
 */
public final class OrtSessions {
    private OrtSessions() {
    }

    /** A session and the provider it runs on. */
    public record Opened(OrtSession session, ExecutionProviders.Choice provider) {
    }

    /**
     * Opens a model.
     *
     * @param bytes       the model file's content, or null to let ONNX Runtime read {@code file} (needed when weights
     *                    live in files beside the model, found relative to its path)
     * @param threads     intra-op threads for the CPU provider
     * @param engineCache folder for TensorRT engines (null: no cache)
     */
    public static Opened open(OrtEnvironment env, Path file, byte[] bytes, Device device, int threads,
                              Path engineCache) throws OrtException {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setIntraOpNumThreads(Math.max(1, threads));
            opts.setInterOpNumThreads(1);
            // idle network threads sleep instead of spinning: decoding and writing run beside the network on the
            // same cores, and a render is faster end to end this way (measured: docs/BENCHMARKS.md)
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            ExecutionProviders.Choice choice = ExecutionProviders.configure(opts, device, engineCache, false);
            OrtSession session = bytes == null ? env.createSession(file.toString(), opts)
                    : env.createSession(bytes, opts);
            return new Opened(session, choice);
        }
    }

    /** The first line of an exception's message, for one-line errors. */
    public static String oneLine(Throwable e) {
        return ExecutionProviders.oneLine(e);
    }
}
