package org.facemat.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelContract;
import org.facemat.model.ModelLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code facemat model info}: checks a model file against the contract and prints what it holds. */
@Command(name = "model", description = "Inspect model files.", subcommands = {ModelCommand.Info.class})
final class ModelCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "info", description = "Check a model against the FaceMat model contract and print its inputs, "
            + "outputs and metadata.")
    static final class Info implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "<file.onnx>", description = "the model file")
        Path file;

        @Override
        public void run() {
            var out = spec.commandLine().getOut();
            try (FaceMatModel m = FaceMatModel.open(file)) {
                out.println("model:     " + file);
                out.println("contract:  OK (FaceMat model contract " + ModelContract.CONTRACT_VERSION + ", opset "
                        + m.opset() + ", no runtime-scale Resize)");
                out.println("inputs:");
                print(out, m.inputShapes());
                out.println("outputs:");
                print(out, m.outputShapes());
                out.println("metadata:");
                for (Map.Entry<String, String> e : m.metadata().entrySet()) {
                    out.println("  " + e.getKey() + " = " + e.getValue());
                }
                out.println("ratio:     " + m.recommendedRatio(1080, 1920) + " at 1920x1080, "
                        + m.recommendedRatio(720, 1280) + " at 1280x720");
            } catch (ModelLoadException e) {
                throw new CliFailure(ExitCode.MODEL_ERROR, e.getMessage());
            } catch (ai.onnxruntime.OrtException e) {
                throw new CliFailure(ExitCode.MODEL_ERROR, file + ": " + e.getMessage());
            }
        }

        private static void print(java.io.PrintWriter out, Map<String, long[]> shapes) {
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                String dims = Arrays.toString(e.getValue()).replace("-1", "?");
                out.println("  " + e.getKey() + " float32 " + dims);
            }
        }
    }
}
