package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facemat.review.FrameScore;
import org.facemat.review.ReviewFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code facemat review}: the report from a render's base path, review file or EXR frames; bad input. */
class ReviewCommandTest {
    @TempDir
    static Path dir;
    static Path base;

    @BeforeAll
    static void render() {
        if (!Files.isRegularFile(Harness.sample())) {
            String reason = "SKIPPED: the sample clip " + Harness.sample() + " is not there";
            System.out.println(reason);
            Assumptions.assumeTrue(false, reason);
        }
        base = dir.resolve("renders/sh010");
        Harness.render(Harness.sample().toString(), "--out", base.toString(), "--preset", "nuke-exr", "--frames",
                "0-29", "--log", "quiet");
    }

    @Test
    void reviewsARenderFromItsBasePathItsReviewFileAndItsFrames() throws Exception {
        ReviewFile json = ReviewFile.read(Path.of(base + ".review.json"));
        assertEquals(30, json.frames().size());
        double t = json.frames().stream().mapToDouble(FrameScore::score).sorted().toArray()[15];
        ReviewFile expected = json.withThreshold(t);

        Harness.Result r = Harness.facemat("review", base.toString(), "--out", dir.resolve("a").toString(),
                "--threshold", Double.toString(t));
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("flagged:  " + expected.flagged().size() + " range(s)"), r.out());
        assertTrue(r.out().contains("report:   " + dir.resolve("a/index.html")), r.out());
        assertFalse(r.out().contains("note:"), "the plate and the frames are found: " + r.out());
        assertEquals(expected.flagged(), ReviewFile.read(dir.resolve("a/review.json")).flagged());
        String html = Files.readString(dir.resolve("a/index.html"));
        assertEquals(expected.flagged().size(), html.split("<tr class=\"range\"").length - 1);
        assertTrue(Files.size(dir.resolve("a/img/score.png")) > 10_000);
        assertTrue(Files.isRegularFile(dir.resolve("a/img/" + expected.flagged().get(0).peakFrame() + "-matte.jpg")));

        r = Harness.facemat("review", base + ".review.json", "--out", dir.resolve("b").toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertEquals(json.flagged(), ReviewFile.read(dir.resolve("b/review.json")).flagged(), "its own threshold");

        // the frames alone (a chunked farm render): the scores from the headers, the plate given by hand
        r = Harness.facemat("review", base + ".####.exr", "--out", dir.resolve("c").toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("note:") && r.out().contains("--plate"), r.out());
        ReviewFile fromFrames = ReviewFile.read(dir.resolve("c/review.json"));
        assertEquals(30, fromFrames.frames().size());
        for (int k = 0; k < 30; k++) {
            assertEquals(json.frames().get(k).score(), fromFrames.frames().get(k).score(), 1e-4, "frame " + k);
            assertEquals(json.frames().get(k).timecode(), fromFrames.frames().get(k).timecode());
        }
        r = Harness.facemat("review", base + ".####.exr", "--plate", Harness.sample().toString(), "--out",
                dir.resolve("c").toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertFalse(r.out().contains("note:"), r.out());
        assertTrue(Files.readString(dir.resolve("c/index.html")).contains("data-matte=\"img/"), "no pictures");
    }

    @Test
    void markersForAnEditorFromTheSameRanges() throws Exception {
        ReviewFile json = ReviewFile.read(Path.of(base + ".review.json"));
        double t = json.frames().stream().mapToDouble(FrameScore::score).sorted().toArray()[20];
        ReviewFile expected = json.withThreshold(t);
        Path out = dir.resolve("markers");
        Harness.Result r = Harness.facemat("review", base.toString(), "--out", out.toString(), "--threshold",
                Double.toString(t), "--markers", "edl,otio");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        // the sample's timecode is 01:00:00:00 at frame 0, 25 fps: each range's events at its frames' timecodes
        List<String> events = Files.readAllLines(out.resolve("sh010.edl")).stream()
                .filter(l -> l.matches("\\d{3}  .*")).toList();
        assertEquals(expected.flagged().size(), events.size(), String.join("\n", events));
        for (int i = 0; i < events.size(); i++) {
            var f = expected.flagged().get(i);
            assertTrue(events.get(i).contains(" " + f.timecodeIn() + " "), events.get(i) + " vs " + f);
            assertTrue(events.get(i).endsWith(org.facemat.media.Timecode.parse(f.timecodeOut())
                    .plusFrames(1, new org.facemat.media.FrameRate(25, 1)).text()), events.get(i));
        }
        var otio = com.google.gson.JsonParser.parseString(Files.readString(out.resolve("sh010.otio"))).getAsJsonObject();
        var clip = otio.getAsJsonObject("tracks").getAsJsonArray("children").get(0).getAsJsonObject()
                .getAsJsonArray("children").get(0).getAsJsonObject();
        assertEquals(expected.flagged().size(), clip.getAsJsonArray("markers").size());
        assertEquals(90000.0 + expected.flagged().get(0).first(), clip.getAsJsonArray("markers").get(0)
                .getAsJsonObject().getAsJsonObject("marked_range").getAsJsonObject("start_time").get("value")
                .getAsDouble());
        Harness.assertFailure(Harness.facemat("review", base.toString(), "--out", dir.resolve("m2").toString(),
                "--markers", "xml"), ExitCode.USAGE, "--markers", "xml");
    }

    @Test
    void badInputIsOneLineWithItsExitCodeAndWritesNothing() throws Exception {
        Path out = dir.resolve("bad-out");
        Harness.Result r = Harness.facemat("review", dir.resolve("none.review.json").toString(), "--out",
                out.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertEquals(List.of("facemat: " + dir.resolve("none.review.json") + ": file not found"), r.errLines());

        Path broken = dir.resolve("broken.review.json");
        Files.writeString(broken, "{\"format\": \"facemat-review 1\", \"frames\": [");
        r = Harness.facemat("review", broken.toString(), "--out", out.toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().startsWith("facemat: " + broken + ": not a FaceMat review file"), r.err());

        r = Harness.facemat("review", base.toString(), "--out", out.toString(), "--threshold", "2");
        assertEquals(ExitCode.USAGE, r.code(), r.toString());
        assertTrue(r.err().startsWith("facemat: bad --threshold"), r.err());
        assertFalse(Files.exists(out), "a failed review wrote its folder");

        Path mine = dir.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("notes.txt"), "keep");
        r = Harness.facemat("review", base.toString(), "--out", mine.toString());
        assertEquals(ExitCode.OUTPUT_ERROR, r.code(), r.toString());
        assertEquals(List.of("facemat: " + mine + ": exists and is not a FaceMat review report; choose a new or empty "
                + "folder (its files would be replaced)"), r.errLines());
        assertEquals(List.of(mine.resolve("notes.txt")), Harness.files(mine));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList(),
                    "a temporary folder was left");
        }
    }
}
