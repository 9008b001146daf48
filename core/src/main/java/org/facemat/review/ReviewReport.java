package org.facemat.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.facemat.io.AtomicFile;

/**
 * The review report of a render: a folder with {@code index.html} (the shot, its settings, the score plot, the flagged
 * ranges, a filmstrip of thumbnails) and its pictures under {@code img/}, self-contained: it opens from disk, offline,
 * and can be copied or sent as a folder. Shared by {@code facemat review} and the farm's post step.
 *
 * <p>The folder is written under a temporary name and renamed into place when complete, so a failure leaves no half
 * report; an existing folder is replaced only when it is empty or an earlier report (never a folder of other files).
 */
public final class ReviewReport {
    /** Thumbnails of each flagged range at most (first, peak, last, and evenly spaced between). */
    public static final int PER_RANGE = 8;
    /** Thumbnails of flagged frames at most over the shot (ranges with the highest peaks first). */
    public static final int MAX_FLAGGED = 96;
    /** Thumbnails of frames that are not flagged (evenly spaced). */
    public static final int SAMPLE = 12;
    /** The marker of a report folder: the page names its generator. */
    static final String GENERATOR = "FaceMat review report";
    /** The plot's size in CSS pixels. */
    static final int PLOT_WIDTH = 1200;
    static final int PLOT_HEIGHT = 300;

    static {
        // pictures are drawn off screen: never open a display connection (a farm node or an ssh session with X)
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ReviewReport() {
    }

    /**
     * What was written.
     *
     * @param page       the report's page
     * @param thumbnails frames drawn
     * @param notes      what the report could not show, and why (also on the page)
     */
    public record Result(Path page, int thumbnails, List<String> notes) {
    }

    /** The frames to show: the flagged ones picked per range, and a sample of the rest. */
    public record Selection(Map<FlaggedRange, List<Long>> flagged, List<Long> others) {
        public List<Long> all() {
            TreeSet<Long> s = new TreeSet<>(others);
            flagged.values().forEach(s::addAll);
            return new ArrayList<>(s);
        }
    }

    /** The frames shown for {@code r}: see {@link #PER_RANGE}, {@link #MAX_FLAGGED}, {@link #SAMPLE}. */
    public static Selection select(ReviewFile r) {
        List<Long> numbers = r.frames().stream().map(FrameScore::frame).toList();
        TreeSet<Long> present = new TreeSet<>(numbers);
        List<FlaggedRange> byPeak = new ArrayList<>(r.flagged());
        byPeak.sort(Comparator.comparingDouble(FlaggedRange::peak).reversed());
        Map<FlaggedRange, List<Long>> picked = new LinkedHashMap<>();
        int left = MAX_FLAGGED;
        for (FlaggedRange f : byPeak) {
            List<Long> in = new ArrayList<>(present.subSet(f.first(), true, f.last(), true));
            int want = Math.min(Math.min(PER_RANGE, in.size()), Math.max(1, left));
            List<Long> chosen = new ArrayList<>(spread(in, want));
            if (!chosen.contains(f.peakFrame()) && present.contains(f.peakFrame())) {
                chosen.set(chosen.size() / 2, f.peakFrame()); // the worst frame of a range is always shown
            }
            chosen = new ArrayList<>(new TreeSet<>(chosen));
            left -= chosen.size();
            picked.put(f, chosen);
        }
        Map<FlaggedRange, List<Long>> inOrder = new LinkedHashMap<>();
        for (FlaggedRange f : r.flagged()) {
            inOrder.put(f, picked.get(f));
        }
        List<Long> rest = new ArrayList<>();
        for (long n : numbers) {
            if (!inRange(r.flagged(), n)) {
                rest.add(n);
            }
        }
        return new Selection(inOrder, spread(rest, Math.min(SAMPLE, rest.size())));
    }

    static boolean inRange(List<FlaggedRange> ranges, long n) {
        for (FlaggedRange f : ranges) {
            if (n >= f.first() && n <= f.last()) {
                return true;
            }
        }
        return false;
    }

    /** {@code count} items of {@code items} evenly spaced, the first and the last included. */
    static List<Long> spread(List<Long> items, int count) {
        if (count <= 0 || items.isEmpty()) {
            return List.of();
        }
        if (count >= items.size()) {
            return List.copyOf(items);
        }
        if (count == 1) {
            return List.of(items.get(items.size() / 2));
        }
        TreeSet<Long> s = new TreeSet<>();
        for (int k = 0; k < count; k++) {
            s.add(items.get((int) Math.round((double) k * (items.size() - 1) / (count - 1))));
        }
        return new ArrayList<>(s);
    }

    /**
     * Writes the report of {@code source} into {@code folder}.
     *
     * @throws IOException one line naming the folder or file when the report cannot be written
     */
    public static Result write(ReviewSource source, Path folder) throws IOException {
        checkReplaceable(folder);
        AtomicFile.Folder out = new AtomicFile.Folder(folder);
        boolean done = false;
        try {
            Path img = out.temp().resolve("img");
            Files.createDirectories(img);
            ReviewFile r = source.review();
            ScorePlot.write(r, img.resolve("score.png"), PLOT_WIDTH, PLOT_HEIGHT);
            Selection sel = select(r);
            List<String> notes = new ArrayList<>(source.notes());
            Map<Long, FramePictures.Drawn> drawn = new LinkedHashMap<>();
            int problems = 0;
            try (FramePictures pictures = new FramePictures(source)) {
                if (pictures.plateProblem() != null) {
                    notes.add(pictures.plateProblem());
                }
                for (long n : sel.all()) {
                    FramePictures.Drawn d = pictures.draw(n, img);
                    drawn.put(n, d);
                    if (!d.problem().isEmpty() && problems++ == 0) {
                        notes.add("frame " + n + ": " + d.problem()
                                + (sel.all().size() > 1 ? " (see each thumbnail for the others)" : ""));
                    }
                }
            }
            String html = ReviewPage.html(source, sel, drawn, notes);
            Files.writeString(out.temp().resolve("index.html"), html);
            Files.writeString(out.temp().resolve("review.json"), r.toJson() + "\n");
            out.commit();
            done = true;
            int count = (int) drawn.values().stream().filter(d -> d.matteThumb() != null).count();
            return new Result(folder.resolve("index.html"), count, List.copyOf(notes));
        } catch (IOException e) {
            throw new IOException(folder + ": cannot write the report (" + AtomicFile.describe(e) + ")", e);
        } finally {
            if (!done) {
                out.abort();
            }
        }
    }

    /** Refuses a folder that holds anything but an earlier report: replacing it would delete the user's files. */
    static void checkReplaceable(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(folder + ": exists and is not a folder");
        }
        try (Stream<Path> s = Files.list(folder)) {
            if (s.findAny().isEmpty()) {
                return;
            }
        }
        Path page = folder.resolve("index.html");
        if (Files.isRegularFile(page, LinkOption.NOFOLLOW_LINKS)
                && Files.readString(page).contains("<meta name=\"generator\" content=\"" + GENERATOR + "\">")) {
            return;
        }
        throw new IOException(folder + ": exists and is not a FaceMat review report; choose a new or empty folder "
                + "(its files would be replaced)");
    }
}
