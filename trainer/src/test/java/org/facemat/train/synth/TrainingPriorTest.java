package org.facemat.train.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.facemat.face.LandmarkPrior;
import org.facemat.model.ModelContract;
import org.junit.jupiter.api.Test;

class TrainingPriorTest {
    private static final int S = 128;

    /** An ellipse-like 24-point ring around (64, 60), 40 x 52 half axes. */
    private static float[] ring() {
        float[] p = new float[48];
        for (int k = 0; k < 24; k++) {
            double a = 2 * Math.PI * k / 24;
            p[2 * k] = (float) (64 + 40 * Math.cos(a));
            p[2 * k + 1] = (float) (60 + 52 * Math.sin(a));
        }
        return p;
    }

    private static TrainingPrior exact(int frames) {
        return new TrainingPrior(false, false, 1, 1, 0, 0, 1, 0, new double[frames], new double[frames]);
    }

    @Test
    void withoutJitterThePriorIsTheLabelsOutlineDrawnAsTheRenderDrawsIt() {
        float[] label = LandmarkPrior.polygon(ring(), S, S, LandmarkPrior.LABEL_FEATHER);
        float[] prior = exact(1).planes(new float[][] {label}, S)[0];
        float[] render = LandmarkPrior.polygon(ring(), S, S, LandmarkPrior.featherFor(ring()));
        double sum = 0;
        double max = 0;
        for (int i = 0; i < S * S; i++) {
            double d = Math.abs(prior[i] - render[i]);
            sum += d;
            max = Math.max(max, d);
        }
        assertTrue(sum / (S * S) < 0.01, "mean difference " + sum / (S * S));
        assertTrue(max < 0.35, "largest difference " + max);
        assertEquals(1f, prior[60 * S + 64], 1e-6f, "1 inside");
        assertEquals(0f, prior[2 * S + 2], 1e-6f, "0 outside");
    }

    @Test
    void anOffsetMovesThePriorByThatFractionOfTheFace() {
        float[] label = LandmarkPrior.polygon(ring(), S, S, LandmarkPrior.LABEL_FEATHER);
        TrainingPrior moved = new TrainingPrior(false, false, 1, 1, 0.1, 0, 1, 0, new double[1], new double[1]);
        float[] p = moved.planes(new float[][] {label}, S)[0];
        // the face box is about 80 x 104 px: 0.1 of it is about 10 px to the right
        double cx = 0;
        double m = 0;
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                cx += p[y * S + x] * (x + 0.5);
                m += p[y * S + x];
            }
        }
        assertEquals(64 + 10.4, cx / m, 1.0, "centroid x");
    }

    @Test
    void aDroppedPriorSaysNoLandmarksAndACropWithoutAFaceGetsNone() {
        float[] label = LandmarkPrior.polygon(ring(), S, S, LandmarkPrior.LABEL_FEATHER);
        TrainingPrior dropped = new TrainingPrior(true, false, 1, 1, 0, 0, 1, 0, new double[1], new double[1]);
        for (float v : dropped.planes(new float[][] {label}, S)[0]) {
            assertEquals(ModelContract.PRIOR_UNKNOWN, v);
        }
        for (float v : exact(1).planes(new float[][] {new float[S * S]}, S)[0]) {
            assertEquals(0f, v);
        }
    }

    @Test
    void aCoupledSampleShrinksItsLabelAndThePriorFollowsIt() {
        float[] label = LandmarkPrior.polygon(ring(), S, S, LandmarkPrior.LABEL_FEATHER);
        TrainingPrior c = new TrainingPrior(false, true, 0.9, 1.0, 0, 0, 1, 0, new double[1], new double[1]);
        float[][] skin = {label.clone()};
        c.couple(skin, S);
        int[] before = Synthesizer.skinBox(label, S);
        int[] after = Synthesizer.skinBox(skin[0], S);
        // 80 px wide: 10% narrower is 8 px, half on each side; the height stays
        assertEquals(before[2] - before[0] - 8, after[2] - after[0], 2, "width");
        assertEquals(before[3] - before[1], after[3] - after[1], 1, "height");
        for (int i = 0; i < label.length; i++) {
            assertTrue(skin[0][i] <= label[i] + 1e-6f, "only ever smaller, at " + i);
        }
        float[] prior = c.planes(skin, S)[0];
        int[] pb = Synthesizer.skinBox(prior, S);
        assertEquals(after[2] - after[0], pb[2] - pb[0], 2, "the prior follows the shrunk label");
        float[][] same = {label.clone()};
        exact(1).couple(same, S);
        assertEquals(label[60 * S + 20], same[0][60 * S + 20], 0f, "an uncoupled sample keeps its label");
    }

    @Test
    void drawsAreFixedByTheStreamAndScaledByTheJitter() {
        TrainingPrior a = TrainingPrior.draw(1, 0.15, 4, new SplittableRandom(7));
        TrainingPrior b = TrainingPrior.draw(1, 0.15, 4, new SplittableRandom(7));
        assertEquals(a.dx(), b.dx());
        assertEquals(a.frameDy()[3], b.frameDy()[3]);
        assertNotEquals(a.dx(), TrainingPrior.draw(1, 0.15, 4, new SplittableRandom(8)).dx());
        TrainingPrior none = TrainingPrior.draw(0, 0, 4, new SplittableRandom(7));
        assertEquals(0, none.dx(), 0.0);
        assertEquals(1, none.scale(), 0.0);
        assertEquals(0, none.frameDx()[2], 0.0);
        int dropped = 0;
        for (int k = 0; k < 2000; k++) {
            dropped += TrainingPrior.draw(1, 0.15, 1, new SplittableRandom(k)).dropped() ? 1 : 0;
        }
        assertEquals(300, dropped, 50, "about 15% dropped");
        int coupled = 0;
        for (int k = 0; k < 2000; k++) {
            TrainingPrior p = TrainingPrior.draw(1, 0, 1, new SplittableRandom(k));
            coupled += p.coupled() ? 1 : 0;
            assertTrue(p.shrinkX() >= TrainingPrior.SHRINK_MIN && p.shrinkX() <= 1);
        }
        assertEquals(1200, coupled, 80, "about 60% coupled");
        assertTrue(!TrainingPrior.draw(0, 0, 1, new SplittableRandom(3)).coupled(), "no jitter, no coupling");
    }
}
