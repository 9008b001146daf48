package org.facemat.train.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.facemat.cli.CliFailure;
import org.facemat.cli.ExitCode;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.loop.TrainConfig;
import org.facemat.train.synth.ContactSheet;
import org.facemat.train.synth.EvalSplit;
import org.facemat.train.synth.SynthConfig;
import org.facemat.train.synth.Synthesizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code facemat data preview --data <shared data> --out sheet.png}; {@code facemat data unseen-split} (see
 * {@link UnseenSplitCommand}); {@code facemat data unseen-shot} (see {@link UnseenShotCommand}).
 */
@Command(name = "data", description = "Training data tools.", subcommands = {DataCommand.Preview.class,
    UnseenSplitCommand.class, UnseenShotCommand.class})
final class DataCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "preview", description = "Write a contact sheet of synthesized training samples: one row per "
            + "sample with the composite, the ground truth, the trimap, the occluder alpha and the landmark prior (first "
            + "frame).")
    static final class Preview implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "<folder>",
                description = "the shared data folder (faces/, occluders/, textures/)")
        Path data;

        @Option(names = "--out", required = true, paramLabel = "<sheet.png>", description = "the PNG to write")
        Path out;

        @Option(names = "--samples", defaultValue = "16", description = "rows (default ${DEFAULT-VALUE})")
        int samples;

        @Option(names = "--seed", defaultValue = "1", description = "synthesis seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--first", defaultValue = "0", description = "first sample index (default ${DEFAULT-VALUE})")
        long first;

        @Option(names = "--occluded", description = "show only samples that got an occluder")
        boolean occludedOnly;

        @Option(names = "--size", defaultValue = "256", description = "crop side in pixels (default ${DEFAULT-VALUE})")
        int size;

        @Option(names = "--occluders", defaultValue = "all", paramLabel = "<kind>",
                description = "all (the training recipe, default), or only one kind on every sample: objects, hands, "
                        + "forearms, hair, glasses")
        String occluders;

        @Option(names = "--config", paramLabel = "<train.json>", description = "show the synthesis of this training "
                + "config (identity variation, prior jitter and dropout, skin-coloured occluders); default: the "
                + "training recipe's defaults")
        Path config;

        /** The training recipe, or one occluder kind on every sample. */
        static SynthConfig config(String kind, int size) {
            SynthConfig c = SynthConfig.training(size);
            return switch (kind) {
                case "all" -> c;
                case "objects" -> c.withKinds(1, 0, 0, 0, 0);
                case "hands" -> c.withKinds(0, 1, 0, 0, 0);
                case "forearms" -> c.withKinds(0, 0, 1, 0, 0);
                case "hair" -> c.withKinds(0, 0, 0, 1, 0);
                case "glasses" -> c.withKinds(0, 0, 0, 0, 1);
                default -> throw new CliFailure(ExitCode.USAGE, "--occluders must be all, objects, hands, forearms, "
                        + "hair or glasses (got '" + kind + "')");
            };
        }

        @Override
        public void run() {
            if (samples < 1 || size < 16) {
                throw new CliFailure(ExitCode.USAGE, "--samples must be >= 1 and --size >= 16");
            }
            SynthConfig cfg = config(occluders, size);
            if (config != null) {
                try {
                    cfg = TrainConfig.read(config).synth().apply(cfg);
                } catch (IOException e) {
                    throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
                }
            }
            try (SharedDataset ds = SharedDataset.open(data)) {
                Synthesizer synth = EvalSplit.trainingSynthesizer(ds, cfg, seed);
                ContactSheet.write(synth, first, samples, occludedOnly, out);
            } catch (IOException e) {
                throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
            }
            spec.commandLine().getOut().println("wrote " + out + " (" + samples + " samples, seed " + seed
                    + ", occluders " + occluders + "; columns: composite, ground truth, trimap, occluder alpha, prior)");
        }
    }
}
