package org.facemat.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/**
 * Four pixels: alpha = (0.6, 0.1, 0.5, 0.5), gt = (1, 0, 0.5, 0.5), teacher sigma = (0.5, 0, 1, 1), so
 * w = 2 + 2 sigma = (3, 2, 4, 4) and L1_soft = (3 * 0.4 + 2 * 0.1 + 0 + 0) / 4 = 0.35;
 * d/dalpha = w * sign(alpha - gt) / 4 = (-0.75, 0.5, 0, 0).
 */
class UgkdLossTest {
    private static final Shape S = new Shape(1, 1, 2, 2);

    @Test
    void softL1WeightsByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray alpha = m.create(new float[] {0.6f, 0.1f, 0.5f, 0.5f}, S);
            NDArray gt = m.create(new float[] {1f, 0f, 0.5f, 0.5f}, S);
            NDArray sigmaT = m.create(new float[] {0.5f, 0f, 1f, 1f}, S);
            NDArray sigmaS = m.create(new float[] {0.3f, 0.3f, 0.3f, 0.3f}, S);
            UgkdLoss ugkd = new UgkdLoss();
            assertArrayEquals(new float[] {3f, 2f, 4f, 4f}, ugkd.pixelWeight(sigmaT).toFloatArray(), 1e-6f);
            LossTerms t = ugkd.compute(alpha, sigmaS, gt, sigmaT);
            assertEquals(0.35f, t.terms().get(UgkdLoss.SOFT_L1).getFloat(), 1e-6f);
            float expectedTotal = t.terms().get(UgkdLoss.SOFT_L1).getFloat() + t.terms().get(UgkdLoss.LAPLACIAN)
                    .getFloat() + t.terms().get(UgkdLoss.UNCERTAINTY).getFloat();
            assertEquals(expectedTotal, t.total().getFloat(), 1e-6f);
            // other weights: w = 1 + 4 sigma = (3, 1, 5, 5): (1.2 + 0.1) / 4
            UgkdLoss other = new UgkdLoss(new LossWeights(1f, 1f, 1f, 1f, 1f, 1f, 4f, 1f));
            assertEquals(0.325f, other.compute(alpha, sigmaS, gt, sigmaT).terms().get(UgkdLoss.SOFT_L1).getFloat(),
                    1e-6f);
        }
    }

    @Test
    void gradientsGoWhereTheyShould() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray alpha = m.create(new float[] {0.6f, 0.1f, 0.5f, 0.5f}, S);
            NDArray gt = m.create(new float[] {1f, 0f, 0.5f, 0.5f}, S);
            NDArray sigmaT = m.create(new float[] {0.5f, 0f, 1f, 1f}, S);
            NDArray sigmaS = m.create(new float[] {0.3f, 0.3f, 0.3f, 0.3f}, S);
            alpha.setRequiresGradient(true);
            sigmaT.setRequiresGradient(true);
            sigmaS.setRequiresGradient(true);
            // Laplacian off, so alpha's gradient is the soft L1's alone
            UgkdLoss ugkd = new UgkdLoss(new LossWeights(1f, 0f, 1f, 1f, 1f, 2f, 2f, 1f));
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(ugkd.compute(alpha, sigmaS, gt, sigmaT).total());
            }
            assertArrayEquals(new float[] {-0.75f, 0.5f, 0f, 0f}, alpha.getGradient().toFloatArray(), 1e-6f);
            NDArray gT = sigmaT.getGradient();
            assertTrue(gT == null || gT.abs().max().getFloat() == 0f, "the teacher's sigma is detached");
            // the student's sigma: d/dsigma of the beta-NLL with alpha fixed, e = (0.4, 0.1, 0, 0), sigma 0.3:
            // 0.5 * sqrt(s2) * (1/s2 - e^2/s2^2) * 2 sigma / 4, s2 = 0.09 + 1e-6
            float[] g = sigmaS.getGradient().toFloatArray();
            double s2 = 0.09 + BetaNll.VAR_FLOOR;
            double[] e = {0.4, 0.1, 0, 0};
            for (int i = 0; i < 4; i++) {
                double expected = 0.5 * Math.sqrt(s2) * (1 / s2 - e[i] * e[i] / (s2 * s2)) * 2 * 0.3 / 4;
                assertEquals(expected, g[i], 1e-4, "pixel " + i);
            }
            // pixel 0's error 0.4 exceeds sigma 0.3: sigma must grow (negative gradient); pixel 1's 0.1 is below it
            assertTrue(g[0] < 0 && g[1] > 0);
        }
    }

    @Test
    void noGradientReachesTheTeacherSigmaEvenIfItAsks() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray alpha = m.randomUniform(0f, 1f, new Shape(1, 1, 32, 32));
            NDArray gt = m.randomUniform(0f, 1f, new Shape(1, 1, 32, 32));
            NDArray sigmaT = m.randomUniform(0f, 1f, new Shape(1, 1, 32, 32));
            NDArray sigmaS = m.randomUniform(0.1f, 1f, new Shape(1, 1, 32, 32));
            alpha.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                LossTerms t = new UgkdLoss().compute(alpha, sigmaS, gt, sigmaT);
                assertTrue(Float.isFinite(t.total().getFloat()));
                gc.backward(t.total());
            }
            assertTrue(alpha.getGradient().abs().sum().getFloat() > 0f);
        }
    }
}
