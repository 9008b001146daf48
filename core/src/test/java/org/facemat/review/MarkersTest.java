package org.facemat.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;
import org.junit.jupiter.api.Test;

/** The flagged ranges as an EDL with Resolve marker comments and as OpenTimelineIO markers. */
class MarkersTest {

    /** Frames 1001..1100 from {@code start}; the scores above 0.08 on 1011-1015 and 1051 (one frame). */
    static ReviewFile review(String start, FrameRate rate) {
        Timecode tc = Timecode.parse(start);
        List<FrameScore> frames = new ArrayList<>();
        for (long n = 1001; n <= 1100; n++) {
            double s = (n >= 1011 && n <= 1015) || n == 1051 ? 0.2 : 0.02;
            frames.add(new FrameScore(n, tc.plusFrames(n - 1001, rate).text(), s, s, 0, 0, 0.1));
        }
        return ReviewFile.of("sh010 <v2>", "/shots/sh010.mov", "facemat-face 2.1.0",
                rate.numerator() + "/" + rate.denominator(), Map.of(), 0.08, frames);
    }

    @Test
    void edlHasOneEventPerRangeWithResolveMarkerComments() {
        String edl = Markers.edl(review("01:00:00:00", new FrameRate(25, 1)));
        List<String> lines = edl.lines().toList();
        assertEquals("TITLE: sh010 <v2>", lines.get(0));
        assertEquals("FCM: NON-DROP FRAME", lines.get(1));
        // frame 1011 is 10 frames after 01:00:00:00; 5 frames long: out (exclusive) 01:00:00:15
        assertEquals("001  AX       V     C        01:00:00:10 01:00:00:15 01:00:00:10 01:00:00:15", lines.get(3));
        assertEquals(" |C:ResolveColorRed |M:FaceMat check 1011-1015 (score 0.200) |D:5", lines.get(4));
        assertEquals("002  AX       V     C        01:00:02:00 01:00:02:01 01:00:02:00 01:00:02:01", lines.get(6));
        assertTrue(lines.get(7).endsWith("|D:1"), lines.get(7));
        assertEquals(2, lines.stream().filter(l -> l.matches("\\d{3}  .*")).count());
        // CMX3600 event lines: event, reel, track, transition, then four timecodes in fixed columns
        for (String l : lines.stream().filter(l -> l.matches("\\d{3}  .*")).toList()) {
            assertEquals(l.substring(29, 40), l.substring(53, 64), "record in = source in: " + l);
            assertEquals(l.substring(41, 52), l.substring(65), "record out = source out: " + l);
        }
    }

    @Test
    void dropFrameShotsSayItAndUseSemicolons() {
        String edl = Markers.edl(review("00:59:59;28", new FrameRate(30000, 1001)));
        assertTrue(edl.contains("FCM: DROP FRAME\n"), edl);
        // 1011 is 10 frames after 00:59:59;28; minute 0 of the hour is a tenth minute, so ;00 and ;01 count
        assertTrue(edl.contains("01:00:00;08 01:00:00;13"), edl);
    }

    @Test
    void otioClipCarriesOneMarkerPerRangeAtTheSourceTimecode() {
        JsonObject t = JsonParser.parseString(Markers.otio(review("01:00:00:00", new FrameRate(25, 1))))
                .getAsJsonObject();
        assertEquals("Timeline.1", t.get("OTIO_SCHEMA").getAsString());
        JsonObject stack = t.getAsJsonObject("tracks");
        assertEquals("Stack.1", stack.get("OTIO_SCHEMA").getAsString());
        JsonObject track = stack.getAsJsonArray("children").get(0).getAsJsonObject();
        assertEquals("Track.1", track.get("OTIO_SCHEMA").getAsString());
        assertEquals("Video", track.get("kind").getAsString());
        JsonObject clip = track.getAsJsonArray("children").get(0).getAsJsonObject();
        assertEquals("Clip.1", clip.get("OTIO_SCHEMA").getAsString());
        JsonObject source = clip.getAsJsonObject("source_range");
        assertEquals(90000.0, source.getAsJsonObject("start_time").get("value").getAsDouble(), "01:00:00:00 at 25");
        assertEquals(25.0, source.getAsJsonObject("start_time").get("rate").getAsDouble());
        assertEquals(100.0, source.getAsJsonObject("duration").get("value").getAsDouble());
        JsonArray markers = clip.getAsJsonArray("markers");
        assertEquals(2, markers.size());
        JsonObject m = markers.get(0).getAsJsonObject();
        assertEquals("Marker.2", m.get("OTIO_SCHEMA").getAsString());
        assertEquals("RED", m.get("color").getAsString());
        JsonObject range = m.getAsJsonObject("marked_range");
        assertEquals("TimeRange.1", range.get("OTIO_SCHEMA").getAsString());
        assertEquals(90010.0, range.getAsJsonObject("start_time").get("value").getAsDouble());
        assertEquals(5.0, range.getAsJsonObject("duration").get("value").getAsDouble());
        assertEquals("/shots/sh010.mov",
                clip.getAsJsonObject("media_reference").get("target_url").getAsString());
    }
}
