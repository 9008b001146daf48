package org.facemat.train.cli;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facemat.cli.CliFailure;
import org.facemat.cli.DefaultModel;
import org.facemat.cli.ExitCode;
import org.facemat.cli.OutputGuard;
import org.facemat.io.InputFiles;
import org.facemat.model.ModelLoadException;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.unseen.FaceLabeller;
import org.facemat.train.unseen.UnseenSplit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code facemat data unseen-split}: the unseen-identity evaluation split from pictures of people in no training
 * data (docs/evaluation.md). The pictures' licences allow evaluation only, so the split is built where it is used and
 * never shipped.
 */
@Command(name = "unseen-split", description = "Build an evaluation split of faces of people in no training data: "
        + "label each face by the shared data's recipe, crop it once clear and --variants times with held-out "
        + "occluders, and write a contact sheet of the labels. Read it with: facemat eval --data <out>.")
final class UnseenSplitCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--images", required = true, paramLabel = "<folder|file>",
            description = "pictures: a folder (its .jpg/.jpeg/.png files) or one image; repeat for more")
    List<Path> images;

    @Option(names = "--data", required = true, paramLabel = "<folder>",
            description = "the shared data folder: its held-out occluders and textures are pasted")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "<folder>",
            description = "the split folder to write (new, empty, or an earlier split: replaced)")
    Path out;

    @Option(names = "--size", defaultValue = "256", paramLabel = "S",
            description = "crop side in pixels (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--variants", defaultValue = "3", paramLabel = "N",
            description = "occluded samples per face, besides the clear one (default ${DEFAULT-VALUE})")
    int variants;

    @Override
    public void run() {
        if (size < 16 || variants < 0) {
            throw new CliFailure(ExitCode.USAGE, "--size must be >= 16 and --variants >= 0");
        }
        InputFiles inputs = new InputFiles().folder(data);
        for (Path p : images) {
            if (Files.isDirectory(p)) {
                inputs.folder(p);
            } else {
                inputs.file(p);
            }
        }
        OutputGuard.folder(inputs, out);
        UnseenSplit.Result r;
        try (SharedDataset ds = SharedDataset.open(data);
                FaceLabeller labeller = UnseenSplitCommand.labeller()) {
            r = new UnseenSplit(ds, labeller, size, variants).build(images, out);
        } catch (OrtException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, e.getMessage());
        } catch (IOException e) {
            throw UnseenSplitCommand.failure(e, out);
        }
        PrintWriter pw = spec.commandLine().getOut();
        for (var d : r.dropped()) {
            pw.println("dropped " + d.file() + ": " + d.reason());
        }
        pw.println("wrote " + out + ": " + r.samples() + " samples of " + r.faces() + " faces, " + r.identities().size()
                + " identities; labels on " + out.resolve(UnseenSplit.SHEET));
        if (r.samples() == 0) {
            throw new CliFailure(ExitCode.BAD_INPUT, "no face labelled in " + images + " (see the dropped list)");
        }
    }

    /** The unseen data's labeller: the shipped face models and the imported RVM network as the person matte. */
    static FaceLabeller labeller() {
        try {
            return FaceLabeller.open(DefaultModel.folder(), DefaultModel.init());
        } catch (ModelLoadException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, e.getMessage());
        }
    }

    /** A failed read or write: an output error when the message names the output, else a bad input. */
    static CliFailure failure(IOException e, Path out) {
        boolean output = e.getMessage() != null && e.getMessage().startsWith(out.toString());
        return new CliFailure(output ? ExitCode.OUTPUT_ERROR : ExitCode.BAD_INPUT, e.getMessage());
    }
}
