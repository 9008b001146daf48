package org.facemat.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelContract;
import org.facemat.model.ModelLoadException;
import org.facemat.model.file.HalfWeights;
import org.facemat.model.file.ModelMetadata;
import org.facemat.model.file.PriorModel;
import org.facemat.net.PriorInputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code facemat model info}: checks a model file against the contract and prints what it holds; {@code facemat model
 * half}: writes a copy with float16 weights; {@code facemat model add-prior}: writes a copy that takes the landmark
 * prior.
 */
@Command(name = "model", description = "Inspect and convert model files.",
        subcommands = {ModelCommand.Info.class, ModelCommand.HalfCommand.class, ModelCommand.AddPriorCommand.class})
final class ModelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Opens a model through the node's contract check; a model that fails it is one line (prefix + reason). */
    static FaceMatModel open(Path file, String prefix) {
        try {
            return FaceMatModel.open(file);
        } catch (ModelLoadException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, prefix + e.getMessage());
        }
    }

    /** The contract check alone: opens the model and closes it. */
    /** A model copy that failed: the writer's "cannot write" is an output error, anything else the model's. */
    static CliFailure copyFailed(java.io.IOException e) {
        return new CliFailure(e.getMessage().startsWith("cannot write") ? ExitCode.OUTPUT_ERROR : ExitCode.MODEL_ERROR,
                e.getMessage());
    }

    static void check(Path file, String prefix) {
        try (FaceMatModel m = open(file, prefix)) {
            m.metadata();
        } catch (ai.onnxruntime.OrtException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, prefix + file + ": " + e.getMessage());
        }
    }

    @Command(name = "info", description = "Check a model against the FaceMat model contract and print its inputs, "
            + "outputs and metadata.")
    static final class Info implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "<file.onnx>", description = "the model file, or a shipped model's name")
        Path file;

        @Override
        public void run() {
            var out = spec.commandLine().getOut();
            file = DefaultModel.resolve(file);
            try (FaceMatModel m = open(file, "")) {
                out.println("model:     " + file);
                out.println("contract:  OK (FaceMat model contract " + ModelContract.CONTRACT_VERSION + ", opset "
                        + m.opset() + ", no runtime-scale Resize)");
                out.println("inputs:");
                print(out, m.inputShapes());
                out.println("prior:     " + priorLine(m));
                out.println("outputs:");
                print(out, m.outputShapes());
                out.println("metadata:");
                for (Map.Entry<String, String> e : m.metadata().entrySet()) {
                    out.println("  " + e.getKey() + " = " + e.getValue());
                }
                out.println("ratio:     " + m.recommendedRatio(1080, 1920) + " at 1920x1080, "
                        + m.recommendedRatio(720, 1280) + " at 1280x720");
            } catch (ai.onnxruntime.OrtException e) {
                throw new CliFailure(ExitCode.MODEL_ERROR, file + ": " + e.getMessage());
            }
        }

        private static String priorLine(FaceMatModel m) {
            if (!m.takesPrior()) {
                return "no (the model takes no landmark prior)";
            }
            String kind = m.metadata().get(ModelContract.META_PRIOR);
            return "yes (input " + ModelContract.PRIOR + ", drawn as " + (kind == null ? "(not stated)" : kind)
                    + ", fed to the " + priorLayers(m) + "; ones when no landmarks are given)";
        }

        /** The layers that see the prior: models exported before the decoder prior do not say, and feed the stem. */
        private static String priorLayers(FaceMatModel m) {
            PriorInputs p = PriorInputs.ofLabel(m.metadata().getOrDefault(ModelMetadata.META_PRIOR_INPUTS,
                    PriorInputs.STEM.label()));
            if (p == null) {
                return "layers '" + m.metadata().get(ModelMetadata.META_PRIOR_INPUTS) + "'";
            }
            return p.decoder() ? "stem and the decoder" : "stem";
        }

        private static void print(java.io.PrintWriter out, Map<String, long[]> shapes) {
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                String dims = Arrays.toString(e.getValue()).replace("-1", "?");
                out.println("  " + e.getKey() + " float32 " + dims);
            }
        }
    }

    @Command(name = "half", description = "Write a copy of a model with its weights stored as float16 (half the file; "
            + "computed in float32, so every device runs it).")
    static final class HalfCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "<file.onnx>", description = "the model to convert")
        Path in;

        @CommandLine.Option(names = "--out", required = true, paramLabel = "<file.onnx>",
                description = "the model file to write")
        Path out;

        @Override
        public void run() {
            OutputGuard.file(new org.facemat.io.InputFiles().file(in), out);
            check(in, "");
            int tensors;
            try {
                tensors = HalfWeights.convert(in, out);
            } catch (java.io.IOException e) {
                throw copyFailed(e);
            }
            check(out, "written model fails its own check: ");
            spec.commandLine().getOut().printf(java.util.Locale.ROOT,
                    "wrote %s (%d weight tensors as float16, %.1f MB -> %.1f MB), contract OK%n", out, tensors,
                    size(in) / 1e6, size(out) / 1e6);
        }

        private static long size(Path f) {
            try {
                return java.nio.file.Files.size(f);
            } catch (java.io.IOException e) {
                return 0;
            }
        }
    }

    @Command(name = "add-prior", description = "Write a copy of a model that takes the landmark prior at the stem "
            + "and in the decoder: the encoder's first conv and the first conv of each decoder stage gain a prior "
            + "channel with zero weights (a model that has the stem's keeps it), so the copy computes what the model "
            + "does until it is trained with the prior.")
    static final class AddPriorCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "<file.onnx>", description = "the model to widen (float32 weights)")
        Path in;

        @CommandLine.Option(names = "--out", required = true, paramLabel = "<file.onnx>",
                description = "the model file to write")
        Path out;

        @Override
        public void run() {
            OutputGuard.file(new org.facemat.io.InputFiles().file(in), out);
            check(in, "");
            PriorInputs before;
            try {
                before = PriorModel.addPrior(in, out);
            } catch (java.io.IOException e) {
                throw copyFailed(e);
            }
            check(out, "written model fails its own check: ");
            spec.commandLine().getOut().println("wrote " + out + " (takes the landmark prior '"
                    + ModelContract.PRIOR_KIND + "' at the stem and in the decoder, the "
                    + (before.stem() ? "decoder's" : "new") + " weights zero), contract OK");
        }
    }
}
