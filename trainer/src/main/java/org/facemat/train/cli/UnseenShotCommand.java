package org.facemat.train.cli;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemat.cli.CliFailure;
import org.facemat.cli.ExitCode;
import org.facemat.cli.OutputGuard;
import org.facemat.io.InputFiles;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.synth.Sample;
import org.facemat.train.unseen.FaceLabeller;
import org.facemat.train.unseen.UnseenShot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code facemat data unseen-shot}: a studio shot of a person in no training data, to measure {@code facemat finetune}
 * where it matters (docs/training.md). Like the unseen split, it is built where it is used and never shipped.
 */
@Command(name = "unseen-shot", description = "Make a studio shot of a person in no training data from one picture: "
        + "label its first face as unseen-split does, synthesize --frames frames with camera drift and a moving "
        + "held-out occluder, and write shot.mp4, roto/ (the ground truth of every 10th frame, from frame 0) and gt/ "
        + "(every frame). Fine-tune on it with: facemat finetune --footage <out>/shot.mp4 --mattes <out>/roto.")
final class UnseenShotCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--images", required = true, paramLabel = "<picture>",
            description = "the picture (.jpg/.png) of one person in no training data")
    Path picture;

    @Option(names = "--data", required = true, paramLabel = "<folder>",
            description = "the shared data folder: its held-out occluders and textures are pasted")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "<folder>",
            description = "the shot folder to write (new, empty, or an earlier shot: replaced)")
    Path out;

    @Option(names = "--frames", defaultValue = "120", paramLabel = "N",
            description = "frames of the shot (default ${DEFAULT-VALUE})")
    int frames;

    @Option(names = "--size", defaultValue = "384", paramLabel = "S",
            description = "frame side in pixels (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "the shot's random placement, drift and occluder (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public void run() {
        if (size < 16 || size > 4096 || frames < 1 || frames > 10_000) {
            throw new CliFailure(ExitCode.USAGE, "--size must be 16..4096 and --frames 1..10000");
        }
        if (!Files.isRegularFile(picture)) {
            throw new CliFailure(ExitCode.BAD_INPUT, picture + ": no such picture");
        }
        OutputGuard.folder(new InputFiles().folder(data).file(picture), out);
        UnseenShot.Result r;
        try (SharedDataset ds = SharedDataset.open(data);
                FaceLabeller labeller = UnseenSplitCommand.labeller()) {
            UnseenShot shot = new UnseenShot(ds, size, frames, seed);
            Sample s = shot.synthesize(picture, labeller);
            r = shot.write(s, picture, out);
        } catch (OrtException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, e.getMessage());
        } catch (IOException e) {
            throw UnseenSplitCommand.failure(e, out);
        }
        PrintWriter pw = spec.commandLine().getOut();
        pw.println("wrote " + out + ": " + UnseenShot.MOVIE + " (" + r.frames() + " frames of " + r.identity() + ", "
                + size + "x" + size + ", " + UnseenShot.FPS + " fps, occluder " + r.occluder() + "), " + r.rotoFrames()
                + " roto frames in roto/, ground truth of every frame in gt/");
    }
}
