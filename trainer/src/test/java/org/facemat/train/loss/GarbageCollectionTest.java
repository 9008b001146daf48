package org.facemat.train.loss;

import org.facemat.train.nd.Scalars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The losses' autograd graphs hold no memory that a garbage collection can free: gradients computed with a forced
 * collection between the forward and the backward pass equal those computed without one.
 */
class GarbageCollectionTest {
    private static final Shape SEQ = new Shape(1, 2, 1, 32, 32);

    private static float[][] gradients(boolean collect) {
        Random r = new Random(3);
        float[] a = new float[(int) SEQ.size()];
        float[] s = new float[a.length];
        float[] g = new float[a.length];
        float[] t = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
            s[i] = 0.05f + r.nextFloat();
            g[i] = r.nextFloat();
            t[i] = r.nextInt(3) * 0.5f;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray alpha = m.create(a, SEQ);
            NDArray sigma = m.create(s, SEQ);
            alpha.setRequiresGradient(true);
            sigma.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray total = new TeacherLoss().compute(alpha, sigma, m.create(g, SEQ), m.create(t, SEQ)).total()
                        .add(new UgkdLoss().compute(alpha, sigma, m.create(g, SEQ), m.create(t, SEQ)).total());
                if (collect) {
                    churn();
                }
                gc.backward(total);
            }
            return new float[][] {alpha.getGradient().toFloatArray(), sigma.getGradient().toFloatArray()};
        }
    }

    @Test
    void gradientsSurviveACollectionBetweenForwardAndBackward() {
        float[][] quiet = gradients(false);
        float[][] collected = gradients(true);
        for (float v : collected[0]) {
            assertTrue(Float.isFinite(v));
        }
        assertArrayEquals(quiet[0], collected[0], 0f, "alpha gradient");
        assertArrayEquals(quiet[1], collected[1], 0f, "sigma gradient");
    }

    @Test
    void aConstantFactorSurvivesACollection() {
        // x.mul(3f) on the PyTorch engine gives garbage here (the scalar's borrowed buffer is collected); Scalars.times
        // must not
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.randomUniform(0f, 1f, new Shape(1000));
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = Scalars.times(x, 3f).sum();
                churn();
                gc.backward(y);
            }
            for (float v : x.getGradient().toFloatArray()) {
                assertTrue(v == 3f, "gradient " + v);
            }
        }
    }

    private static void churn() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            byte[][] garbage = new byte[256][];
            for (int j = 0; j < garbage.length; j++) {
                garbage[j] = new byte[1 << 16];
            }
        }
    }
}
