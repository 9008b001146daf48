package org.facemat.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtTensorRTProviderOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds execution providers to session options in the product's order (TensorRT with an engine cache, then CUDA,
 * then CPU). A provider that cannot be added (the CPU build of ONNX Runtime throws on CUDA/TensorRT, or the GPU
 * libraries are missing) is skipped with a one-line reason instead of failing the render.
 */
public final class ExecutionProviders {
    private ExecutionProviders() {
    }

    /** What was chosen, and why the others were not. */
    public record Choice(String provider, List<String> notes) {
    }

    public static Choice configure(OrtSession.SessionOptions opts, Device device, Path engineCache, boolean fp16) {
        List<String> notes = new ArrayList<>();
        if (device == Device.TENSORRT || device == Device.AUTO) {
            String why = tryTensorRt(opts, engineCache, fp16);
            if (why == null) {
                tryCuda(opts); // CUDA takes the nodes TensorRT cannot
                return new Choice("tensorrt", notes);
            }
            notes.add("TensorRT unavailable: " + why);
        }
        if (device == Device.CUDA || device == Device.AUTO || device == Device.TENSORRT) {
            String why = tryCuda(opts);
            if (why == null) {
                return new Choice("cuda", notes);
            }
            notes.add("CUDA unavailable: " + why);
        }
        return new Choice("cpu", notes);
    }

    /** Providers compiled into the ONNX Runtime build on the class path. */
    public static List<String> compiledIn() {
        List<String> names = new ArrayList<>();
        for (OrtProvider p : OrtEnvironment.getAvailableProviders()) {
            names.add(p.getName());
        }
        return names;
    }

    private static String tryTensorRt(OrtSession.SessionOptions opts, Path engineCache, boolean fp16) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.TENSOR_RT)) {
            return "this ONNX Runtime build has no TensorRT provider (build with -Pgpu)";
        }
        try {
            OrtTensorRTProviderOptions trt = new OrtTensorRTProviderOptions(0);
            if (engineCache != null) {
                java.nio.file.Files.createDirectories(engineCache);
                trt.add("trt_engine_cache_enable", "1");
                trt.add("trt_engine_cache_path", engineCache.toAbsolutePath().toString());
            }
            trt.add("trt_fp16_enable", fp16 ? "1" : "0");
            opts.addTensorrt(trt);
            return null;
        } catch (OrtException | java.io.IOException | RuntimeException | UnsatisfiedLinkError e) {
            return oneLine(e);
        }
    }

    private static String tryCuda(OrtSession.SessionOptions opts) {
        if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            return "this ONNX Runtime build has no CUDA provider (build with -Pgpu)";
        }
        try {
            opts.addCUDA(0);
            return null;
        } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
            return oneLine(e);
        }
    }

    static String oneLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
