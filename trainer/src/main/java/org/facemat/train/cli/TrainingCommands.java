package org.facemat.train.cli;

import java.util.List;
import org.facemat.cli.CommandSet;

/** The training commands, added to {@code facemat} when the trainer is on the class path. */
public final class TrainingCommands implements CommandSet {
    @Override
    public List<Object> commands() {
        return List.of(new ExportCommand(), new DataCommand(), new EvalCommand(), new TrainCommand(),
                new FinetuneCommand(), new UnseenSplitCommand(), new UnseenShotCommand());
    }
}
