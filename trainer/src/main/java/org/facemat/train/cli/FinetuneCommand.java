package org.facemat.train.cli;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.facemat.cli.CliFailure;
import org.facemat.cli.DefaultModel;
import org.facemat.cli.ExitCode;
import org.facemat.cli.OutputGuard;
import org.facemat.io.InputFiles;
import org.facemat.train.data.FaceSample;
import org.facemat.train.data.StudioShot;
import org.facemat.train.finetune.FinetuneRun;
import org.facemat.train.finetune.RotoFrame;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "finetune", mixinStandardHelpOptions = true,
        description = {"Fine-tune a model on a studio shot: the footage plus artist roto mattes for some of its frames "
                + "(PNG/EXR, named by frame number). Every 4th roto'd frame is held out; the held-out metrics of the "
                + "base and of the fine-tuned model are printed and written to finetune-report.json."})
final class FinetuneCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--footage", required = true, description = "the shot: a movie or an image sequence")
    Path footage;

    @Option(names = "--mattes", required = true, description = "folder of roto mattes named by frame number")
    Path mattes;

    @Option(names = "--base", description = "model to start from: a file or a shipped model's name (default: the "
            + "shipped default model)")
    Path base;

    @Option(names = "--out", description = "output folder (default: finetune-<shot> in the current folder)")
    Path out;

    @Option(names = "--steps", description = "optimiser steps (default: ${DEFAULT-VALUE})", defaultValue = "150")
    int steps;

    @Option(names = "--size", description = "training crop side in pixels (default: ${DEFAULT-VALUE})",
            defaultValue = "256")
    int size;

    @Option(names = "--resume", description = "continue from the newest checkpoint in the output folder")
    boolean resume;

    @Override
    public Integer call() {
        PrintWriter pw = spec.commandLine().getOut();
        if (steps < 1 || size < 32 || size % 4 != 0) {
            throw new CliFailure(ExitCode.USAGE, "--steps must be >= 1 and --size a multiple of 4, at least 32");
        }
        Path model = DefaultModel.resolve(base).toAbsolutePath().normalize();
        if (!Files.isRegularFile(model)) {
            throw new CliFailure(ExitCode.MODEL_ERROR, model + ": model file not found");
        }
        List<RotoFrame> train = new ArrayList<>();
        List<RotoFrame> heldOut = new ArrayList<>();
        String shotName;
        try (StudioShot shot = StudioShot.open(footage, mattes)) {
            shotName = shot.name();
            for (int i = 0; i < shot.size(); i++) {
                FaceSample s = shot.read(i);
                RotoFrame f = new RotoFrame(shot.frameNumber(i), s.width(), s.height(), s.rgb(), s.skin());
                (shot.isHeldOut(i) ? heldOut : train).add(f);
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
        }
        if (train.isEmpty()) {
            throw new CliFailure(ExitCode.BAD_INPUT, mattes + ": " + heldOut.size() + " roto'd frame(s), all held out "
                    + "for measuring; give at least 2 mattes");
        }
        Path dir = out != null ? out.toAbsolutePath().normalize()
                : Path.of("finetune-" + shotName).toAbsolutePath().normalize();
        OutputGuard.folder(OutputGuard.withSource(new InputFiles().file(model).folder(mattes), footage), dir);
        pw.printf(Locale.ROOT, "finetune: %s, %d roto'd frames (%d to train on, %d held out), base %s, output %s%n",
                footage, train.size() + heldOut.size(), train.size(), heldOut.size(), model, dir);
        pw.flush();
        try {
            FinetuneRun.Report r = new FinetuneRun(train, heldOut, model, dir,
                    FinetuneRun.Settings.defaults().withSteps(steps).withSize(size), shotName, pw).run(resume);
            pw.printf(Locale.ROOT, "held-out frames: band MSE %.5f -> %.5f, IoU %.4f -> %.4f, Spearman %.3f -> %.3f%n",
                    r.before().bandMse(), r.after().bandMse(), r.before().iou(), r.after().iou(),
                    r.before().spearman(), r.after().spearman());
            pw.println("finetune: model " + r.model() + (r.keptBase() ? " (the base: the fine-tune lost on the "
                    + "held-out frames)" : ""));
            return ExitCode.OK;
        } catch (IOException e) {
            throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
        } catch (OrtException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.INTERNAL, "interrupted");
        }
    }
}
