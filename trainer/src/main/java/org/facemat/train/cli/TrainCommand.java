package org.facemat.train.cli;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.facemat.cli.CliFailure;
import org.facemat.cli.DefaultModel;
import org.facemat.cli.ExitCode;
import org.facemat.cli.OutputGuard;
import org.facemat.io.InputFiles;
import org.facemat.train.loop.ExtraSources;
import org.facemat.train.loop.TrainConfig;
import org.facemat.train.loop.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train the FaceMat teacher (stage 1) and/or student (stage 2) on synthesized composites of the "
                + "shared data, as a config file describes (see docs/training.md).",
            "Checkpoints every N steps; --resume continues from the newest one with the same loss curve."})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "training config (JSON)")
    Path config;

    @Option(names = "--resume", description = "continue from the newest checkpoint in the output folder")
    boolean resume;

    @Option(names = "--out", description = "output folder (overrides the config's \"out\")")
    Path out;

    @Option(names = "--base", description = "model stage 1 starts from (overrides the config; default: the imported "
            + "RVM network, facemat-init.onnx)")
    Path base;

    @Override
    public Integer call() {
        PrintWriter pw = spec.commandLine().getOut();
        TrainConfig cfg;
        try {
            cfg = TrainConfig.read(config);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
        }
        if (out != null) {
            cfg = cfg.withOut(out.toAbsolutePath().normalize());
        }
        if (base != null) {
            cfg = cfg.withBase(DefaultModel.resolve(base).toAbsolutePath().normalize());
        } else if (cfg.base() == null) {
            cfg = cfg.withBase(DefaultModel.init());
        }
        OutputGuard.folder(readsOf(cfg), cfg.out());
        try {
            Path product = new TrainingRun(cfg, DefaultModel.folder(), pw).run(resume);
            pw.println("train: done, model " + product);
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

    /** What a training run reads: the config, the base model, the shared data and every extra dataset. */
    private InputFiles readsOf(TrainConfig cfg) {
        InputFiles in = new InputFiles().file(config).file(cfg.base()).folder(cfg.data());
        ExtraSources x = cfg.extra();
        in.folder(x.celebAMaskHq());
        x.alphaOccluders().forEach(in::folder);
        x.hands().forEach(in::folder);
        x.textures().forEach(in::folder);
        for (Path[] shot : x.studioShots()) {
            OutputGuard.withSource(in, shot[0]).folder(shot[1]);
        }
        return in;
    }
}
