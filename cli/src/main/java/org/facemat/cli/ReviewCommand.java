package org.facemat.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemat.io.AtomicFile;
import org.facemat.review.Markers;
import org.facemat.review.ReviewFile;
import org.facemat.review.ReviewReport;
import org.facemat.review.ReviewSource;
import org.facemat.review.ReviewThreshold;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code facemat review}: the review report of a render (docs/review.md), from its review file, its EXR frames (a
 * chunked farm render) or its base path.
 */
@Command(name = "review", sortOptions = false, description = "Write the review report of a render: an HTML page "
        + "(opens offline) with the shot, the score plot, the flagged ranges and thumbnails of the matte and the "
        + "uncertainty (see docs/review.md).")
final class ReviewCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<render>", description = "the render's review file (x.review.json), its "
            + "EXR frames (x.####.exr, scores read from their headers) or its base path (x: x.review.json, else "
            + "x.####.exr)")
    Path render;

    @Option(names = "--out", required = true, paramLabel = "<folder>", description = "the report's folder "
            + "(index.html and img/); a new or empty folder, or an earlier report, which is replaced")
    Path out;

    @Option(names = "--threshold", paramLabel = "<score>", description = "flag frames above this score instead of "
            + "the review's own threshold (default " + ReviewThreshold.DEFAULT + " when rendered)")
    Double threshold;

    @Option(names = "--plate", paramLabel = "<input>", description = "the plate to draw the thumbnails on (default: "
            + "the render's input, as recorded in the review file)")
    Path plate;

    @Option(names = "--markers", split = ",", paramLabel = "edl|otio", description = "also write the flagged ranges "
            + "as markers for an editor, in the report's folder: edl = <shot>.edl, a CMX3600 EDL with DaVinci Resolve "
            + "marker comments (Timelines > Import > Timeline Markers from EDL); otio = <shot>.otio, OpenTimelineIO "
            + "markers on the shot's clip (docs/review.md)")
    List<String> markers = new ArrayList<>();

    @Override
    public void run() {
        for (String m : markers) {
            if (!m.equals("edl") && !m.equals("otio")) {
                throw new CliFailure(ExitCode.USAGE, "bad --markers '" + m + "' (edl or otio)");
            }
        }
        if (threshold != null) {
            try {
                ReviewThreshold.check(threshold);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, "bad --threshold: " + e.getMessage());
            }
        }
        ReviewSource source;
        try {
            source = ReviewSource.open(render, plate);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
        }
        if (threshold != null) {
            ReviewFile r = source.review().withThreshold(threshold);
            source = new ReviewSource(r, source.from(), source.frames(), source.plate(), source.notes());
        }
        ReviewReport.Result result;
        try {
            result = ReviewReport.write(source, out);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.OUTPUT_ERROR, e.getMessage());
        }
        PrintWriter o = spec.commandLine().getOut();
        String name = source.review().shot() == null ? "review"
                : source.review().shot().replaceAll("[^A-Za-z0-9._-]", "_");
        for (String m : new java.util.LinkedHashSet<>(markers)) {
            Path file = out.resolve(name + "." + m);
            try {
                AtomicFile.writeString(file, m.equals("edl") ? Markers.edl(source.review())
                        : Markers.otio(source.review()));
            } catch (IOException e) {
                throw new CliFailure(ExitCode.OUTPUT_ERROR, file + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.BAD_INPUT, render + ": " + e.getMessage());
            }
            o.println("markers:  " + file);
        }
        ReviewFile r = source.review();
        long frames = r.flagged().stream().mapToLong(f -> f.frames()).sum();
        o.println("review:   " + r.shot() + ", " + r.frames().size() + " frames scored, threshold " + r.threshold());
        o.println("flagged:  " + (r.flagged().isEmpty() ? "none" : r.flagged().size() + " range(s), " + frames
                + " frame(s)"));
        for (var f : r.flagged()) {
            o.println("  " + f.first() + "-" + f.last() + (f.timecodeIn() != null ? "  " + f.timecodeIn() + " - "
                    + f.timecodeOut() : "") + "  peak " + String.format(java.util.Locale.ROOT, "%.3f", f.peak())
                    + " at " + f.peakFrame());
        }
        for (String n : result.notes()) {
            o.println("note:     " + n);
        }
        o.println("report:   " + result.page() + " (" + result.thumbnails() + " frames drawn)");
    }
}
