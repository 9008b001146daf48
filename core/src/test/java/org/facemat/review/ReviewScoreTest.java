package org.facemat.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.facemat.media.Frame;
import org.facemat.model.MattePlanes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-frame review score, its flagged ranges and its file. */
class ReviewScoreTest {
    static final int W = 8;
    static final int H = 4;

    @TempDir
    Path dir;

    /** A matte 1 on the left half (the "face", 16 pixels) with uncertainty {@code sigma} there. */
    static MattePlanes matte(float inside, float sigma) {
        float[] a = new float[W * H];
        float[] s = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W / 2; x++) {
                a[y * W + x] = inside;
                s[y * W + x] = sigma;
            }
        }
        return new MattePlanes(H, W, a, s);
    }

    static Frame plate(long n, float grey) {
        float[] rgb = new float[3 * W * H];
        Arrays.fill(rgb, grey);
        return new Frame(n, W, H, rgb);
    }

    @Test
    void uncertaintyOverTheFaceAndFlickerOnAStillPlate() {
        ReviewScorer s = new ReviewScorer();
        FrameScore first = s.score(10, null, plate(10, 0.5f), matte(1f, 0.1f));
        assertEquals(0.1, first.uncertainty(), 1e-6);
        assertEquals(0, first.flicker(), "no previous frame");
        // the predicted RMS error over the frame: the face is half of it
        assertEquals(Math.sqrt(0.5 * 0.1 * 0.1), first.score(), 1e-6);
        assertEquals(0.5, first.faceArea(), 1e-9);
        assertEquals(0, first.uncertainFraction(), "0.1 is below the unsure level");
        // the plate holds still, the matte drops by 0.2 inside the face: flicker 0.2 over the 16 face pixels
        FrameScore second = s.score(11, null, plate(11, 0.5f), matte(0.8f, 0.1f));
        assertEquals(0.2, second.flicker(), 1e-6);
        assertEquals(Math.sqrt(0.5 * (0.1 * 0.1 + 0.1 * 0.1)), second.score(), 1e-6);
        // the plate changes everywhere: the same matte change is not counted as flicker
        FrameScore third = s.score(12, null, plate(12, 0.9f), matte(1f, 0.2f));
        assertEquals(0, third.flicker());
        assertEquals(1.0, third.uncertainFraction(), 1e-9, "0.2 is above the unsure level");
        // a jump (a skipped frame) starts the flicker term again
        assertEquals(0, s.score(20, null, plate(20, 0.9f), matte(0.5f, 0.2f)).flicker());
    }

    @Test
    void noFaceGivesAZeroScoreAndAZeroArea() {
        FrameScore f = new ReviewScorer().score(0, null, plate(0, 0.5f), matte(0f, 0.3f));
        assertEquals(0, f.faceArea());
        assertEquals(0, f.score());
    }

    @Test
    void rangesBridgeShortDips() {
        List<FrameScore> frames = new ArrayList<>();
        for (long n = 1; n <= 12; n++) {
            boolean high = n <= 3 || n == 6 || n == 10;
            frames.add(new FrameScore(n, null, high ? (n == 2 ? 0.3 : 0.2) : 0.01, 0, 0, 0, 0.1));
        }
        List<FlaggedRange> r = FlaggedRange.of(frames, 0.1);
        assertEquals(2, r.size(), r.toString());
        assertEquals(1, r.get(0).first());
        assertEquals(6, r.get(0).last(), "4 and 5 (two frames) are bridged");
        assertEquals(2, r.get(0).peakFrame());
        assertEquals(0.3, r.get(0).peak());
        assertEquals(10, r.get(1).first(), "three frames below the threshold split the ranges");
        assertEquals(10, r.get(1).last());
    }

    @Test
    void aSpikeAboveItsShotIsFlaggedBelowTheThreshold() {
        List<FrameScore> frames = new ArrayList<>();
        for (long n = 0; n < 20; n++) {
            double s = n == 7 ? 0.06 : n == 12 ? 0.03 : 0.04;
            frames.add(new FrameScore(n, null, s, 0, 0, 0, 0.1));
        }
        boolean[] f = ReviewThreshold.flags(frames, 0.07);
        for (int i = 0; i < f.length; i++) {
            assertEquals(i == 7, f[i], "frame " + i + ": only the spike (0.06 > 1.1 x median 0.04, above 0.035)");
        }
        // a shot that is uniformly low has no spike: 0.03 is below half the threshold
        frames.set(7, new FrameScore(7, null, 0.034, 0, 0, 0, 0.1));
        assertEquals(List.of(), FlaggedRange.of(frames, 0.07));
    }

    @Test
    void fileRoundTripsAndABadOneIsNamed() throws IOException {
        ReviewFile r = MarkersTest.review("01:00:00:00", new org.facemat.media.FrameRate(25, 1));
        Path f = dir.resolve("sh010.review.json");
        r.write(f);
        ReviewFile back = ReviewFile.read(f);
        assertEquals(r.frames(), back.frames());
        assertEquals(r.flagged(), back.flagged());
        assertEquals(2, back.flagged().size());
        assertEquals(2, r.withThreshold(0.1).flagged().size());
        assertEquals(List.of(), r.withThreshold(0.5).flagged(), "nothing scores above 0.5");
        Path bad = dir.resolve("bad.review.json");
        Files.writeString(bad, "{\"format\": \"something else\", \"frames\": []}");
        IOException e = assertThrows(IOException.class, () -> ReviewFile.read(bad));
        assertTrue(e.getMessage().startsWith(bad + ": not a FaceMat review file"), e.getMessage());
        Files.writeString(bad, "{ not json");
        e = assertThrows(IOException.class, () -> ReviewFile.read(bad));
        assertTrue(e.getMessage().startsWith(bad + ": not a FaceMat review file"), e.getMessage());
        assertEquals(Map.of(), back.settings());
    }
}
