package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.facemat.media.exr.ExrReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The face path through the command line: one face tracked through the sample clip with its records, and the cases a
 * face tracker meets: no face (a wall), many faces, a face too small to see, a face cut by the frame edge, a face that
 * fills the frame. Each ends with exit 0, whole frames, and a matte of 0 outside the faces found.
 */
class RenderFacesTest {
    @TempDir
    Path dir;

    /** The face records of a render, one object per line. */
    private static List<JsonObject> records(Path jsonl) throws Exception {
        List<JsonObject> l = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            l.add(JsonParser.parseString(line).getAsJsonObject());
        }
        return l;
    }

    private static float[] alpha(Path exr) throws Exception {
        return ExrReader.read(exr).image().channel("A").values();
    }

    private Harness.Result render(Path input, Path out, Path faces, String... more) {
        List<String> args = new ArrayList<>(List.of("render", input.toString(), "--out", out.toString(), "--faces",
                "auto", "--faces-out", faces.toString(), "--log", "json"));
        args.addAll(List.of(more));
        Harness.Result r = Harness.facemat(args.toArray(String[]::new));
        assertEquals(ExitCode.OK, r.code(), r.toString());
        Harness.assertNoStackTrace(r);
        return r;
    }

    @Test
    void oneFaceIsTrackedThroughTheSampleClip() throws Exception {
        Path out = dir.resolve("s/m.####.exr");
        Path faces = dir.resolve("s/faces.jsonl");
        Harness.Result r = render(Harness.sample(), out, faces, "--frames", "0-24", "--faces-landmarks");
        List<JsonObject> recs = records(faces);
        assertEquals(25, recs.size(), "one record per frame");
        for (int n = 0; n < 25; n++) {
            JsonObject o = recs.get(n);
            assertEquals(n, o.get("frame").getAsInt());
            JsonArray f = o.getAsJsonArray("faces");
            assertEquals(1, f.size(), "frame " + n + ": " + o);
            JsonObject face = f.get(0).getAsJsonObject();
            assertEquals(1, face.get("id").getAsInt(), "the same track all along");
            assertEquals(2 * 468, face.getAsJsonArray("landmarks").size());
            JsonArray box = face.getAsJsonArray("box");
            assertTrue(box.get(0).getAsFloat() > 0 && box.get(2).getAsFloat() < 400, "box inside: " + box);
        }
        JsonObject done = Harness.events(r.out(), "done").get(0);
        assertEquals(0, done.get("without_face").getAsInt());
        // outside the face's crop the matte is 0; inside it has the face
        JsonObject crop = recs.get(12).getAsJsonArray("faces").get(0).getAsJsonObject().getAsJsonObject("crop");
        float[] a = alpha(dir.resolve("s/m.0012.exr"));
        Harness.assertMatteHasContent(a);
        double half = crop.get("side").getAsDouble() / 2;
        double cx = crop.get("cx").getAsDouble();
        double cy = crop.get("cy").getAsDouble();
        int outside = 0;
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                if (Math.abs(x + 0.5 - cx) > half + 1 || Math.abs(y + 0.5 - cy) > half + 1) {
                    assertEquals(0f, a[y * 400 + x], "outside the crop at " + x + "," + y);
                    outside++;
                }
            }
        }
        assertTrue(outside > 0, "the crop does not cover the whole frame");
    }

    @Test
    void aClipOfAWallHasNoFaceAndAMatteOfZero() throws Exception {
        Harness.requireTools("ffmpeg");
        Path wall = dir.resolve("wall.mkv");
        Path brick = SharedFiles.brickOrNull();
        if (brick != null) {
            Harness.ffmpeg("-loop", "1", "-i", brick.toString(), "-frames:v", "6", "-vf", "scale=320:240",
                    "-c:v", "ffv1", wall.toString());
        } else {
            // a plastered wall: a flat colour with grain
            Harness.ffmpeg("-f", "lavfi", "-i", "color=c=0x9a8a74:size=320x240:rate=25,noise=alls=40:allf=t+u",
                    "-frames:v", "6", "-c:v", "ffv1", wall.toString());
        }
        Path faces = dir.resolve("w/faces.jsonl");
        Harness.Result r = render(wall, dir.resolve("w/m.####.exr"), faces);
        for (JsonObject o : records(faces)) {
            assertEquals(0, o.getAsJsonArray("faces").size(), o.toString());
        }
        assertEquals(6, Harness.events(r.out(), "done").get(0).get("without_face").getAsInt());
        for (Path f : Harness.files(dir.resolve("w"))) {
            if (f.toString().endsWith(".exr")) {
                for (float v : alpha(f)) {
                    assertEquals(0f, v, f.toString());
                }
            }
        }
    }

    /** Ten copies of the sample's face side by side: each found face gets its own id. */
    @Test
    void tenFacesEachGetATrack() throws Exception {
        Harness.requireTools("ffmpeg");
        Path many = dir.resolve("many.mkv");
        Harness.ffmpeg("-i", Harness.sample().toString(), "-frames:v", "3", "-filter_complex",
                "[0:v]crop=240:240:80:20,split=10[a][b][c][d][e][f][g][h][i][j];"
                        + "[a][b][c][d][e][f][g][h][i][j]xstack=inputs=10:layout="
                        + "0_0|w0_0|w0+w1_0|w0+w1+w2_0|w0+w1+w2+w3_0|0_h0|w0_h0|w0+w1_h0|w0+w1+w2_h0|w0+w1+w2+w3_h0",
                "-c:v", "ffv1", many.toString());
        Path faces = dir.resolve("t/faces.jsonl");
        render(many, dir.resolve("t/m.####.exr"), faces);
        JsonObject last = records(faces).get(2);
        Set<Integer> ids = new HashSet<>();
        for (var f : last.getAsJsonArray("faces")) {
            ids.add(f.getAsJsonObject().get("id").getAsInt());
        }
        System.out.println("ten faces in a 1200x480 frame: " + ids.size() + " tracked, " + last);
        assertEquals(last.getAsJsonArray("faces").size(), ids.size(), "distinct ids");
        assertTrue(ids.size() >= 5, "most of the ten faces are found: " + ids.size());
    }

    /** The sample's face shrunk to about 14 px in a large frame: not matted, counted if seen, no crash. */
    @Test
    void aFaceTooSmallIsSkipped() throws Exception {
        Harness.requireTools("ffmpeg");
        Path tiny = dir.resolve("tiny.mkv");
        Harness.ffmpeg("-i", Harness.sample().toString(), "-frames:v", "3", "-vf",
                "scale=40:30,pad=1280:720:600:300", "-c:v", "ffv1", tiny.toString());
        Path faces = dir.resolve("y/faces.jsonl");
        Harness.Result r = render(tiny, dir.resolve("y/m.####.exr"), faces);
        JsonObject done = Harness.events(r.out(), "done").get(0);
        System.out.println("tiny face: " + done);
        assertEquals(3, done.get("without_face").getAsInt(), "no face matted");
    }

    /** Half the face outside the frame, and a face that fills it: both matted, no crash. */
    @Test
    void facesAtTheEdgeAndFillingTheFrame() throws Exception {
        Harness.requireTools("ffmpeg");
        Path edge = dir.resolve("edge.mkv");
        Harness.ffmpeg("-i", Harness.sample().toString(), "-frames:v", "4", "-vf", "crop=205:300:0:0",
                "-c:v", "ffv1", edge.toString());
        Path fill = dir.resolve("fill.mkv");
        Harness.ffmpeg("-i", Harness.sample().toString(), "-frames:v", "4", "-vf", "crop=150:150:125:60,"
                + "scale=600:600", "-c:v", "ffv1", fill.toString());
        for (Path clip : List.of(edge, fill)) {
            String name = clip.getFileName().toString().replace(".mkv", "");
            Path faces = dir.resolve(name + "/faces.jsonl");
            Harness.Result r = render(clip, dir.resolve(name + "/m.####.exr"), faces);
            System.out.println(name + ": " + Harness.events(r.out(), "done").get(0) + " " + records(faces).get(3));
            assertEquals(4, records(faces).size());
        }
    }

    /** The sample's person, then a cut to another person in another room: new shot, new track. */
    @Test
    void aCutStartsANewTrack() throws Exception {
        Harness.requireTools("ffmpeg");
        Path franck = org.facemat.testing.SharedData.require("data/faces/franck/franck.mp4");
        Path cut = dir.resolve("cut.mkv");
        Harness.ffmpeg("-i", Harness.sample().toString(), "-i", franck.toString(), "-filter_complex",
                "[0:v]trim=end_frame=8,setpts=PTS-STARTPTS,scale=360:288,setsar=1[a];"
                        + "[1:v]trim=end_frame=8,setpts=PTS-STARTPTS,scale=360:288,setsar=1,fps=25[b];"
                        + "[a][b]concat=n=2:v=1[v]", "-map", "[v]", "-r", "25", "-c:v", "ffv1", cut.toString());
        Path faces = dir.resolve("c/faces.jsonl");
        render(cut, dir.resolve("c/m.####.exr"), faces);
        List<JsonObject> recs = records(faces);
        assertEquals(16, recs.size());
        for (int n = 0; n < 16; n++) {
            JsonObject o = recs.get(n);
            assertEquals(n == 8, o.has("cut") && o.get("cut").getAsBoolean(), "cut only at frame 8: " + o);
            JsonArray f = o.getAsJsonArray("faces");
            assertEquals(1, f.size(), o.toString());
            assertEquals(n < 8 ? 1 : 2, f.get(0).getAsJsonObject().get("id").getAsInt(), o.toString());
        }
    }

    /** The face records may not land on a frame of the render, nor be left half-written. */
    @Test
    void faceRecordsOverAnOutputFrameAreRefused() {
        Harness.Result r = Harness.facemat("render", Harness.sample().toString(), "--frames", "0-4", "--out",
                dir.resolve("o/m.####.exr").toString(), "--faces-out", dir.resolve("o/m.0003.exr").toString());
        Harness.assertFailure(r, ExitCode.USAGE, "m.0003.exr", "same file");
    }

    /** A resumed render with nothing left to write still writes the records of every frame. */
    @Test
    void aCompleteResumeStillWritesTheFaceRecords() throws Exception {
        Path out = dir.resolve("r/m.####.exr");
        render(Harness.sample(), out, dir.resolve("r/first.jsonl"), "--frames", "0-5");
        Path again = dir.resolve("r/again.jsonl");
        Harness.Result r = render(Harness.sample(), out, again, "--frames", "0-5", "--resume");
        assertEquals(0, Harness.events(r.out(), "done").get(0).get("written").getAsInt());
        assertEquals(Files.readAllLines(dir.resolve("r/first.jsonl")), Files.readAllLines(again),
                "the same records as the render that wrote the frames");
    }

    @Test
    void faceRecordsNeedTheFacePath() {
        Harness.Result r = Harness.facemat("render", Harness.sample().toString(), "--out",
                dir.resolve("x/m.####.exr").toString(), "--faces", "off", "--faces-out",
                dir.resolve("x/f.jsonl").toString());
        Harness.assertFailure(r, ExitCode.USAGE, "face records");
    }

    /** The shared brick texture, when the shared data is there. */
    static final class SharedFiles {
        static Path brickOrNull() {
            Path root = org.facemat.testing.SharedData.root();
            Path p = root == null ? null : root.resolve("data/textures/brick.png");
            return p != null && Files.isRegularFile(p) ? p : null;
        }
    }
}
