package org.facemat.cli;

import java.util.ArrayList;
import java.util.List;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;
import org.facemat.render.Timing;
import picocli.CommandLine.Option;

/**
 * {@code --fps}, {@code --timecode} and {@code --start-frame}: the same options, read the same way, on {@code render}
 * and on the farm commands, which pass them on to every render and to the movie step.
 */
final class TimingOptions {
    @Option(names = "--fps", paramLabel = "<rate>", description = "frame rate of the outputs and their timecode "
            + "(25, 24000/1001, 23.976, 29.97); default: the source's (a movie's stream, an EXR plate's "
            + "framesPerSecond), 24 for image sequences that carry none")
    String fps;

    @Option(names = "--timecode", paramLabel = "hh:mm:ss:ff", description = "timecode of the source's first frame "
            + "(';' before the frames for drop-frame at 29.97/59.94); default: the source's (a movie's timecode, an "
            + "EXR plate's timeCode)")
    String timecode;

    @Option(names = "--start-frame", paramLabel = "<n>", description = "number the source's first frame n (e.g. "
            + "1001): output file names, --frames and the logs count from it; default: a movie from 0, a sequence "
            + "by its file names")
    Long startFrame;

    /** {@code --fps}, {@code --timecode} and {@code --start-frame}, checked together (drop-frame needs 29.97/59.94). */
    Timing timing() {
        FrameRate rate = null;
        if (fps != null) {
            try {
                rate = FrameRate.parse(fps);
            } catch (IllegalArgumentException e) { // NumberFormatException included
                throw new CliFailure(ExitCode.USAGE, "bad --fps '" + fps + "' (e.g. 25, 24000/1001, 23.976, 29.97)");
            }
            if (rate.fps() > 1000) {
                throw new CliFailure(ExitCode.USAGE, "bad --fps '" + fps + "': more than 1000 frames a second");
            }
        }
        Timecode tc = null;
        if (timecode != null) {
            try {
                tc = Timecode.parse(timecode);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, "bad --timecode '" + timecode + "' (hh:mm:ss:ff, or hh:mm:ss;ff "
                        + "for drop-frame)");
            }
        }
        if (startFrame != null && startFrame < 0) {
            throw new CliFailure(ExitCode.USAGE, "bad --start-frame " + startFrame + ": frame numbers are 0 or more");
        }
        try {
            return new Timing(rate, tc, startFrame);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "--timecode " + timecode + " at " + fps + " fps: " + e.getMessage());
        }
    }

    /** The options as given, to pass on to another {@code facemat} command (none when none was given). */
    List<String> words() {
        List<String> w = new ArrayList<>();
        if (fps != null) {
            w.addAll(List.of("--fps", fps));
        }
        if (timecode != null) {
            w.addAll(List.of("--timecode", timecode));
        }
        if (startFrame != null) {
            w.addAll(List.of("--start-frame", Long.toString(startFrame)));
        }
        return w;
    }
}
