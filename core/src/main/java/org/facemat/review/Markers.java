package org.facemat.review;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;

/**
 * A review's flagged ranges as markers an editor's timeline reads: a CMX3600 EDL whose events carry DaVinci Resolve's
 * marker comments (Timelines > Import > Timeline Markers from EDL), and an OpenTimelineIO file with one clip (the shot,
 * at its source timecode) holding one marker per range. Both place the markers at the shot's source timecode, so they
 * land on the shot in a timeline that uses it as record timecode (a timeline of the shot alone, or one conformed by
 * source timecode). Formats in {@code docs/review.md}.
 */
public final class Markers {
    /** The marker colour: Resolve's name in the EDL comment, OpenTimelineIO's enumeration value. */
    public static final String EDL_COLOUR = "ResolveColorRed";
    public static final String OTIO_COLOUR = "RED";

    private Markers() {
    }

    /** The EDL: one event per flagged range, source and record timecode both the shot's, out points exclusive. */
    public static String edl(ReviewFile review) {
        FrameRate rate = rate(review);
        Timecode start = startOf(review, rate);
        boolean drop = start.dropFrame();
        StringBuilder b = new StringBuilder();
        b.append("TITLE: ").append(title(review.shot())).append('\n');
        b.append("FCM: ").append(drop ? "DROP FRAME" : "NON-DROP FRAME").append("\n\n");
        int event = 1;
        for (FlaggedRange r : review.flagged()) {
            Timecode in = timecodeOf(review, r.first(), start, rate);
            Timecode out = in.plusFrames(r.frames(), rate);
            b.append(String.format(Locale.ROOT, "%03d  %-8s V     C        %s %s %s %s%n", event++, "AX", in.text(),
                    out.text(), in.text(), out.text()));
            b.append(String.format(Locale.ROOT, " |C:%s |M:%s |D:%d%n", EDL_COLOUR, markerName(r), r.frames()));
            b.append('\n');
        }
        return b.toString();
    }

    /** The OpenTimelineIO document (JSON): Timeline > Stack > Track > Clip with a Marker per range. */
    public static String otio(ReviewFile review) {
        FrameRate rate = rate(review);
        double fps = (double) rate.numerator() / rate.denominator();
        Timecode start = startOf(review, rate);
        long firstFrame = review.frames().isEmpty() ? 0 : review.frames().get(0).frame();
        long lastFrame = review.frames().isEmpty() ? 0 : review.frames().get(review.frames().size() - 1).frame();
        double clipStart = start.toFrames(rate);
        List<Object> markers = new ArrayList<>();
        for (FlaggedRange r : review.flagged()) {
            Map<String, Object> m = schema("Marker.2");
            m.put("name", markerName(r));
            m.put("color", OTIO_COLOUR);
            m.put("comment", "frames " + r.first() + "-" + r.last() + ", peak score " + fmt(r.peak()) + " at frame "
                    + r.peakFrame());
            m.put("marked_range", range(clipStart + (r.first() - firstFrame), r.frames(), fps));
            m.put("metadata", Map.of("facemat", Map.of("first", r.first(), "last", r.last(), "peak", r.peak(),
                    "peakFrame", r.peakFrame())));
            markers.add(m);
        }
        Map<String, Object> ref = schema("ExternalReference.1");
        ref.put("name", review.shot());
        ref.put("target_url", review.input() == null ? "" : review.input());
        ref.put("available_range", range(clipStart, lastFrame - firstFrame + 1, fps));
        ref.put("metadata", Map.of());
        Map<String, Object> clip = schema("Clip.1");
        clip.put("name", review.shot());
        clip.put("source_range", range(clipStart, lastFrame - firstFrame + 1, fps));
        clip.put("media_reference", ref);
        clip.put("markers", markers);
        clip.put("effects", List.of());
        clip.put("metadata", Map.of("facemat", Map.of("model", String.valueOf(review.model()), "threshold",
                review.threshold())));
        Map<String, Object> track = schema("Track.1");
        track.put("name", "FaceMat review");
        track.put("kind", "Video");
        track.put("children", List.of(clip));
        track.put("source_range", null);
        track.put("markers", List.of());
        track.put("effects", List.of());
        track.put("metadata", Map.of());
        Map<String, Object> stack = schema("Stack.1");
        stack.put("name", "tracks");
        stack.put("children", List.of(track));
        stack.put("source_range", null);
        stack.put("markers", List.of());
        stack.put("effects", List.of());
        stack.put("metadata", Map.of());
        Map<String, Object> timeline = schema("Timeline.1");
        timeline.put("name", review.shot() + " review");
        timeline.put("global_start_time", time(clipStart, fps));
        timeline.put("tracks", stack);
        timeline.put("metadata", Map.of());
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(timeline) + "\n";
    }

    private static Map<String, Object> schema(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("OTIO_SCHEMA", name);
        return m;
    }

    private static Map<String, Object> range(double start, double frames, double fps) {
        Map<String, Object> r = schema("TimeRange.1");
        r.put("start_time", time(start, fps));
        r.put("duration", time(frames, fps));
        return r;
    }

    private static Map<String, Object> time(double value, double fps) {
        Map<String, Object> t = schema("RationalTime.1");
        t.put("value", value);
        t.put("rate", fps);
        return t;
    }

    private static String markerName(FlaggedRange r) {
        return "FaceMat check " + r.first() + "-" + r.last() + " (score " + fmt(r.peak()) + ")";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** EDL titles are one line of plain text. */
    private static String title(String shot) {
        String t = shot == null ? "FaceMat review" : shot.replaceAll("[\\r\\n\\t]", " ");
        return t.length() > 70 ? t.substring(0, 70) : t;
    }

    private static FrameRate rate(ReviewFile review) {
        try {
            String[] p = review.fps().split("/");
            return new FrameRate(Integer.parseInt(p[0].trim()), p.length > 1 ? Integer.parseInt(p[1].trim()) : 1);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the review has no usable frame rate: " + review.fps());
        }
    }

    /**
     * The timecode of the shot's first scored frame: its own, or (a source without timecode) the frame number counted
     * from 00:00:00:00.
     */
    private static Timecode startOf(ReviewFile review, FrameRate rate) {
        if (review.frames().isEmpty()) {
            return Timecode.fromFrames(0, rate, false);
        }
        FrameScore f = review.frames().get(0);
        return f.timecode() != null ? Timecode.parse(f.timecode()) : Timecode.fromFrames(f.frame(), rate, false);
    }

    private static Timecode timecodeOf(ReviewFile review, long frame, Timecode start, FrameRate rate) {
        return start.plusFrames(frame - review.frames().get(0).frame(), rate);
    }
}
