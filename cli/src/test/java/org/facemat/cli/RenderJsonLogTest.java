package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --log json}: one JSON object per stdout line, one "frame" event per written frame. */
class RenderJsonLogTest {
    @TempDir
    Path dir;

    @Test
    void everyLineIsAnEventAndFramesCountUp() throws Exception {
        Harness.requireTools("ffmpeg");
        Path clip = Harness.clip(dir, "clip.mkv", 128, 96, 8);
        Path out = dir.resolve("out");
        Harness.Result r = Harness.render(clip.toString(), "--out", out.toString() + "/m", "--preset", "png16",
                "--frames", "2-7", "--preroll", "2", "--log", "json");
        assertEquals("", r.err());
        List<JsonObject> events = Harness.events(r.out());
        assertEquals("start", events.get(0).get("event").getAsString());
        assertEquals("done", events.get(events.size() - 1).get("event").getAsString());
        JsonObject start = events.get(0);
        assertEquals(2, start.get("first").getAsInt());
        assertEquals(7, start.get("last").getAsInt());
        assertEquals(0, start.get("preroll_from").getAsInt());
        assertEquals(6, start.get("to_write").getAsInt());

        List<JsonObject> frames = Harness.events(r.out(), "frame");
        assertEquals(6, frames.size(), "one frame event per written frame: " + r.out());
        for (int i = 0; i < frames.size(); i++) {
            JsonObject f = frames.get(i);
            assertEquals(2 + i, f.get("frame").getAsInt(), f.toString());
            assertEquals(i + 1, f.get("done").getAsInt(), "done counts up: " + f);
            assertEquals(6, f.get("total").getAsInt(), f.toString());
            assertTrue(f.get("fps").getAsDouble() >= 0, f.toString());
        }
        assertEquals(13, Harness.files(out).size(), "two PNGs per written frame, and the review file");
        assertEquals(6, events.get(events.size() - 1).get("written").getAsInt());
        assertEquals(0, events.get(events.size() - 1).get("skipped").getAsInt());
        List<JsonObject> preroll = Harness.events(r.out(), "preroll");
        assertEquals(2, preroll.size(), "one event per pre-roll frame: " + r.out());
        assertEquals(0, preroll.get(0).get("frame").getAsInt());
        assertEquals(2, preroll.get(1).get("total").getAsInt());
        assertEquals(10, events.size(), "start, 2 pre-roll frames, 6 frames, done: nothing else on stdout");
    }

    /** File names with quotes, backslashes and control characters still give valid JSON. */
    @Test
    void oddFileNamesAreEscaped() throws Exception {
        Harness.requireTools("ffmpeg");
        Path clip = Harness.clip(dir, "clip.mkv", 128, 96, 2);
        Path odd = Files.copy(clip, dir.resolve("take \"2\" \\ tab\tnew\nline\u0001.mkv"));
        Harness.Result r = Harness.render(odd.toString(), "--out", dir.resolve("o/m.####.exr").toString(), "--log",
                "json");
        JsonObject start = Harness.events(r.out(), "start").get(0);
        assertEquals(odd.toString(), start.get("input").getAsString());
        assertEquals(2, Harness.events(r.out(), "frame").size());
    }
}
