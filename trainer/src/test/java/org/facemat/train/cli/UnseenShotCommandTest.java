package org.facemat.train.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.facemat.cli.DefaultModel;
import org.facemat.cli.ExitCode;
import org.facemat.cli.Harness;
import org.facemat.testing.SharedData;
import org.facemat.train.data.FaceSample;
import org.facemat.train.data.Images;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.data.StudioShot;
import org.facemat.train.synth.Sample;
import org.facemat.train.unseen.FaceLabeller;
import org.facemat.train.unseen.UnseenShot;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code facemat data unseen-shot} on the shared astronaut still: a short shot whose movie, roto and ground-truth
 * frames line up with the numbering {@code facemat finetune} reads, and a picture without a face refused.
 */
class UnseenShotCommandTest {
    private static final int SIZE = 128;
    private static final int FRAMES = 21;

    @TempDir
    static Path shared;
    private static Path shot;
    private static Harness.Result made;

    @BeforeAll
    static void make() throws Exception {
        Harness.home();
        Path data = SharedData.root().resolve("data");
        if (!Files.isDirectory(data)) {
            return; // each test skips with the reason
        }
        Path images = Files.createDirectories(shared.resolve("images"));
        Files.copy(data.resolve("faces/stills/images/astronaut.png"), images.resolve("astronaut.png"));
        shot = shared.resolve("shot");
        made = Harness.facemat("data", "unseen-shot", "--images", images.resolve("astronaut.png").toString(),
                "--data", data.toString(), "--out", shot.toString(), "--frames", "" + FRAMES, "--size", "" + SIZE);
    }

    private static Path shot() {
        SharedData.require("data");
        assertEquals(ExitCode.OK, made.code(), made.toString());
        return shot;
    }

    @Test
    void ffprobeSeesEveryFrameAtTheShotSize() {
        Path movie = shot().resolve("shot.mp4");
        Harness.requireTools("ffprobe");
        Map<String, String> p = Harness.probe(movie);
        assertEquals("h264", p.get("stream.codec_name"), p.toString());
        assertEquals("" + FRAMES, p.get("stream.nb_read_frames"), p.toString());
        assertEquals("" + SIZE, p.get("stream.width"));
        assertEquals("" + SIZE, p.get("stream.height"));
        assertEquals("25/1", p.get("stream.r_frame_rate"));
    }

    @Test
    void rotoIsTheGroundTruthOfEveryTenthFrameAndTheOccluderMoves() throws Exception {
        Path roto = shot().resolve("roto");
        assertEquals(List.of("shot.0000.png", "shot.0010.png", "shot.0020.png"), names(roto));
        assertEquals(FRAMES, names(shot.resolve("gt")).size());
        float[] first = Images.readGrey(roto.resolve("shot.0000.png"), SIZE, SIZE);
        for (String n : names(roto)) {
            float[] r = Images.readGrey(roto.resolve(n), SIZE, SIZE);
            assertArrayEquals(Images.readGrey(shot.resolve("gt").resolve(n), SIZE, SIZE), r, n);
            assertTrue(above(r, 0.5f) > 0.1 * SIZE * SIZE, n + " has skin");
            if (!n.equals("shot.0000.png")) {
                assertTrue(meanAbs(first, r) > 0.005, n + " differs from frame 0: " + meanAbs(first, r));
            }
        }
    }

    /** The roto frame numbers are the movie's decoded frames (from 0): each decodes closest to its own synthesis. */
    @Test
    void rotoFrameNumbersAreTheMoviesFrames() throws Exception {
        Path data = SharedData.require("data");
        Sample s;
        try (SharedDataset ds = SharedDataset.open(data);
                FaceLabeller labeller = FaceLabeller.open(DefaultModel.folder(), DefaultModel.init())) {
            s = new UnseenShot(ds, SIZE, FRAMES, 1).synthesize(shared.resolve("images/astronaut.png"), labeller);
        }
        try (StudioShot st = StudioShot.open(shot().resolve("shot.mp4"), shot.resolve("roto"))) {
            assertEquals(3, st.size());
            for (int i = 0; i < st.size(); i++) {
                long frame = st.frameNumber(i);
                assertEquals(10L * i, frame);
                FaceSample decoded = st.read(i);
                int nearest = 0;
                for (int t = 1; t < FRAMES; t++) {
                    if (meanAbs(decoded.rgb(), s.rgb()[t]) < meanAbs(decoded.rgb(), s.rgb()[nearest])) {
                        nearest = t;
                    }
                }
                double err = meanAbs(decoded.rgb(), s.rgb()[(int) frame]);
                System.out.printf("roto frame %d: decoded vs synthesized mean abs %.4f, nearest frame %d%n", frame,
                        err, nearest);
                assertEquals(frame, nearest, "roto frame " + frame + " decodes as synthesized frame " + nearest);
                assertTrue(err < 0.01, "near-lossless: " + err);
            }
        }
    }

    @Test
    void aPictureWithoutAFaceIsOneLineExitThree(@TempDir Path dir) {
        Path data = SharedData.require("data");
        Path brick = data.resolve("textures/brick.png");
        Harness.Result r = Harness.facemat("data", "unseen-shot", "--images", brick.toString(), "--data",
                data.toString(), "--out", dir.resolve("out").toString(), "--frames", "3", "--size", "64");
        Harness.assertFailure(r, ExitCode.BAD_INPUT, brick.toString(), "no face");
    }

    @Test
    void anOutputOverTheInputsIsRefused() {
        Path data = SharedData.require("data");
        Harness.Result r = Harness.facemat("data", "unseen-shot", "--images",
                data.resolve("faces/stills/images/astronaut.png").toString(), "--data", data.toString(), "--out",
                data.resolve("faces/stills").toString());
        Harness.assertFailure(r, ExitCode.USAGE, "refusing to write");
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static double meanAbs(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d / a.length;
    }

    private static int above(float[] m, float level) {
        int n = 0;
        for (float v : m) {
            n += v > level ? 1 : 0;
        }
        return n;
    }
}
