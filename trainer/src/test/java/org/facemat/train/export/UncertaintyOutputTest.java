package org.facemat.train.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facemat.model.ModelContract;
import org.facemat.net.FaceMatArchitecture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Both outputs are full-resolution planes; uncertainty is a finite, non-negative standard deviation. */
class UncertaintyOutputTest {
    private static OrtRunner runner;

    @BeforeAll
    static void open() throws Exception {
        runner = new OrtRunner(ExportFixture.modelFile(), 2);
    }

    @AfterAll
    static void close() throws Exception {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void atRatioOneUncertaintyIsTheHeadOutputAndPositive() throws Exception {
        check(72, 128, 1f, 2);
        check(67, 121, 1f, 1);
    }

    @Test
    void afterTheGuidedFilterUncertaintyIsNonNegative() throws Exception {
        check(72, 128, 0.5f, 2);
        check(67, 121, 0.5f, 1);
        check(90, 160, 0.4f, 1);
    }

    @Test
    void runsAt1080pWithRatioQuarter() throws Exception {
        OrtRunner.Frame f = check(1080, 1920, 0.25f, 1);
        // the states are tied to the 480x270 working image
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(ModelContract.stateShape(i, 270, 480), f.stateShapes()[i]);
        }
    }

    /** Runs {@code frames} frames (states fed back) and checks the last one. */
    private static OrtRunner.Frame check(int h, int w, float ratio, int frames) throws Exception {
        OrtRunner.Frame f = null;
        for (int t = 0; t < frames; t++) {
            f = runner.run(SyntheticFrames.frame(h, w, t), h, w, ratio, f);
        }
        long[] plane = {1, 1, h, w};
        assertArrayEquals(plane, f.alphaShape(), "alpha shape");
        assertArrayEquals(plane, f.uncertaintyShape(), "uncertainty shape");
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float u : f.uncertainty()) {
            assertTrue(Float.isFinite(u) && u >= 0f, "uncertainty " + u + " at " + h + "x" + w + " ratio " + ratio);
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        if (ratio == 1f) {
            // softplus + floor: strictly positive without the refiner
            assertTrue(min >= FaceMatArchitecture.SIGMA_FLOOR, "min sigma " + min);
        }
        for (float a : f.alpha()) {
            assertTrue(a >= 0f && a <= 1f, "alpha " + a);
        }
        System.out.printf("[uncertainty] %dx%d ratio %.2f: sigma in [%.3g, %.3g]%n", w, h, ratio, min, max);
        return f;
    }
}
