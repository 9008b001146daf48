package org.facemat.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemat.io.InputFiles;
import org.facemat.media.Frame;
import org.facemat.media.FramePattern;
import org.facemat.media.FrameSource;
import org.facemat.media.MediaException;
import org.facemat.media.Timecode;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrImage;
import org.facemat.media.exr.ExrReader;
import org.facemat.model.MattePlanes;
import org.facemat.review.FrameScore;

/**
 * Builds the movie outputs of a shot (ProRes 4444, preview) from its rendered EXR frames and the source's plate,
 * without running the network: the last step of a farm render, after every chunk has written its frames. Every frame
 * is checked first, so a missing or damaged chunk stops the assembly before any movie is started.
 */
public final class Assembler {
    private Assembler() {
    }

    /**
     * @param input  the source the frames were rendered from (for the plate, frame rate and timecode)
     * @param first  first frame, or null for the source's first
     * @param last   last frame, or null for the source's last
     * @param frames the rendered EXR sequence ({@code shot.####.exr}) holding {@code A} and the uncertainty
     * @param movies the movie passes to write (ProRes or preview)
     */
    public static RenderSummary assemble(Path input, Long first, Long last, Path frames, List<PassSpec> movies,
                                         RenderListener listener) throws RenderException {
        return assemble(input, first, last, frames, movies, listener, org.facemat.media.ColorSpace.AUTO, null);
    }

    /**
     * As {@link #assemble(Path, Long, Long, Path, List, RenderListener)}, with the plate's colour space (the movies'
     * RGB is display-encoded from it, as a render does) and the ProRes alpha convention (null: straight).
     */
    public static RenderSummary assemble(Path input, Long first, Long last, Path frames, List<PassSpec> movies,
                                         RenderListener listener, org.facemat.media.ColorSpace colorSpace,
                                         RenderSettings.Alpha alpha) throws RenderException {
        return assemble(input, first, last, frames, movies, listener, colorSpace, alpha, Timing.SOURCE);
    }

    /**
     * As above, with the rate, timecode and numbering the render was given ({@link Timing}), so the movies carry
     * the same rate and timecode as the frames.
     */
    public static RenderSummary assemble(Path input, Long first, Long last, Path frames, List<PassSpec> movies,
                                         RenderListener listener, org.facemat.media.ColorSpace colorSpace,
                                         RenderSettings.Alpha alpha, Timing timing) throws RenderException {
        long t0 = System.nanoTime();
        if (movies.isEmpty()) {
            throw new IllegalArgumentException("no movie output: give --out x.mov and/or --out x.mp4");
        }
        for (PassSpec m : movies) {
            if (m.kind().isSequence()) {
                throw new IllegalArgumentException(m.path() + ": assemble writes movies (.mov, .mp4), not sequences");
            }
        }
        FramePattern pattern;
        try {
            pattern = FramePattern.parse(frames);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(frames + ": not a frame sequence pattern (e.g. shot.####.exr)");
        }
        FrameSource src;
        try {
            src = FrameSource.open(input, org.facemat.media.SourceOptions.DEFAULT.withFrames(first, last)
                    .withStartFrame(timing.startFrame()));
        } catch (MediaException e) {
            throw new RenderException(RenderException.Kind.INPUT, e.getMessage(), e);
        }
        try (src) {
            org.facemat.media.FrameRate rate = timing.fps() != null ? timing.fps() : src.frameRate();
            Timecode startTc = timing.timecode() != null ? timing.timecode() : src.timecode().orElse(null);
            if (startTc != null) {
                try {
                    startTc.toFrames(rate);
                } catch (IllegalArgumentException e) {
                    throw new RenderException(RenderException.Kind.USAGE, "timecode " + startTc + " at " + rate
                            + " fps: " + e.getMessage());
                }
            }
            long f = first != null ? first : src.firstFrameNumber();
            long l = last != null ? last : src.lastFrameNumber();
            if (f > l || f < src.firstFrameNumber() || l > src.lastFrameNumber()) {
                throw new RenderException(RenderException.Kind.INPUT, src.path() + ": frames " + f + "-" + l
                        + " are outside the source's " + src.firstFrameNumber() + "-" + src.lastFrameNumber());
            }
            // every frame must be there and whole before a movie is begun
            InputFiles read = new InputFiles();
            for (long n = f; n <= l; n++) {
                read.file(pattern.path(n));
            }
            Renderer.refuseWritingOverInputs(read, input, movies, f, l);
            List<Long> bad = new ArrayList<>();
            List<Long> missing = new ArrayList<>();
            List<String> damaged = new ArrayList<>();
            for (long n = f; n <= l; n++) {
                Path file = pattern.path(n);
                if (!java.nio.file.Files.exists(file)) {
                    bad.add(n);
                    missing.add(n);
                    continue;
                }
                String problem = check(file, n, src.width(), src.height());
                if (problem != null) {
                    bad.add(n);
                    damaged.add(problem);
                }
            }
            if (!bad.isEmpty()) {
                // one line, as every error: the count and the frames, then which are missing and what is wrong with
                // each damaged one
                StringBuilder m = new StringBuilder();
                m.append(frames).append(": ").append(bad.size()).append(" of ").append(l - f + 1)
                        .append(" frame(s) missing or damaged (").append(ranges(bad))
                        .append("), no movie was written: render their chunks again, with --resume");
                if (!missing.isEmpty()) {
                    m.append("; missing: ").append(ranges(missing));
                }
                if (!damaged.isEmpty()) {
                    m.append("; damaged: ").append(String.join("; ", damaged));
                }
                throw new RenderException(RenderException.Kind.INPUT, m.toString());
            }
            List<MattePass> passes = new ArrayList<>();
            try {
                for (PassSpec p : movies) {
                    try {
                        Renderer.checkWritable(Path.of(p.path()));
                    } catch (IOException e) {
                        throw new RenderException(RenderException.Kind.OUTPUT, Renderer.oneLine(e), e);
                    }
                    StaleTemporaries.sweep(p);
                    passes.add(new MoviePass(p, rate, src.width(), src.height(),
                            RenderSettings.GapFill.BLACK, null, colorSpace, alpha));
                }
                int total = (int) (l - f + 1);
                listener.started(new RenderPlan(src.path().toString(), src.width(), src.height(), rate,
                        startTc, f, f, l, 1f, src.width(), src.height(),
                        movies, total, "assembled from " + frames, "none", src.firstFrameNumber(), f + "-" + l,
                        false, colorSpace.describe()));
                long writeStart = System.nanoTime();
                int written = 0;
                for (long n = f; n <= l; n++) {
                    Frame plate;
                    try {
                        plate = n == f ? src.read(n) : src.next();
                    } catch (MediaException e) {
                        throw new RenderException(RenderException.Kind.INPUT, e.getMessage(), e);
                    }
                    if (plate == null || plate.number() != n) {
                        throw new RenderException(RenderException.Kind.INPUT, src.path() + ": frame " + n + ": missing");
                    }
                    ExrImage img;
                    FrameScore review;
                    Timecode tc = startTc == null ? null : startTc.plusFrames(n - src.firstFrameNumber(), rate);
                    try {
                        ExrFile exr = ExrReader.read(pattern.path(n));
                        img = exr.image();
                        review = ExrPass.reviewOf(exr.header(), n, tc);
                    } catch (IOException e) {
                        throw new RenderException(RenderException.Kind.INPUT, Renderer.oneLine(e), e);
                    }
                    MattePlanes m = new MattePlanes(src.height(), src.width(), img.channel("A").values(),
                            img.channel(ExrPass.UNCERTAINTY_CHANNEL).values());
                    for (MattePass p : passes) {
                        try {
                            p.write(plate, m, tc, review);
                        } catch (IOException e) {
                            throw new RenderException(RenderException.Kind.OUTPUT, Renderer.oneLine(e), e);
                        }
                    }
                    written++;
                    double secs = (System.nanoTime() - writeStart) / 1e9;
                    double fps = secs > 0 ? written / secs : 0;
                    listener.written(n, written, total, fps, fps > 0 ? (total - written) / fps : Double.NaN);
                }
                for (MattePass p : passes) {
                    try {
                        p.finish();
                    } catch (IOException e) {
                        throw new RenderException(RenderException.Kind.OUTPUT, Renderer.oneLine(e), e);
                    }
                }
                return new RenderSummary(written, 0, List.of(), (System.nanoTime() - t0) / 1e9);
            } finally {
                for (MattePass p : passes) {
                    p.close();
                }
            }
        }
    }

    /** What is wrong with a rendered frame that is there, as one line, or null when it is whole and of this render. */
    private static String check(Path file, long n, int width, int height) {
        try {
            var h = ExrReader.verify(file);
            if (h.width() != width || h.height() != height) {
                return "frame " + n + ": " + file + " is " + h.width() + "x" + h.height() + ", the source is "
                        + width + "x" + height;
            }
            if (!h.channelNames().contains("A") || !h.channelNames().contains(ExrPass.UNCERTAINTY_CHANNEL)) {
                return "frame " + n + ": " + file + " has no A and " + ExrPass.UNCERTAINTY_CHANNEL + " channels";
            }
            return null;
        } catch (IOException e) {
            String why = Renderer.oneLine(e);
            return "frame " + n + ": " + (why.contains(file.toString()) ? why : file + ": " + why);
        }
    }

    /** Ascending frame numbers as a compact list: {@code 12-14, 40}. */
    static String ranges(List<Long> frames) {
        StringBuilder b = new StringBuilder(frames.size() == 1 ? "frame " : "frames ");
        int i = 0;
        while (i < frames.size()) {
            int j = i;
            while (j + 1 < frames.size() && frames.get(j + 1) == frames.get(j) + 1) {
                j++;
            }
            if (i > 0) {
                b.append(", ");
            }
            b.append(frames.get(i));
            if (j > i) {
                b.append('-').append(frames.get(j));
            }
            i = j + 1;
        }
        return b.toString();
    }
}
