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
 * Two pixels: mu = (0.2, 0.9), y = (0.5, 0.5), sigma = (0.5, 1). By hand, without the floor:
 * pixel 1: e^2 = 0.09, s2 = 0.25: 0.5 * (0.36 + ln 0.25) * 0.25^0.5 = -0.25657359;
 * pixel 2: e^2 = 0.16, s2 = 1: 0.5 * 0.16 * 1 = 0.08; mean -0.08828680.
 * d/dsigma (factor constant) = 0.5 * c * (1/s2 - e^2/s2^2) * 2 sigma / N: pixel 1 0.5*0.5*2.56*1/2 = 0.32, pixel 2
 * 0.5*1*0.84*2/2 = 0.42. d/dmu = c * (mu - y) / s2 / N: -0.3 and 0.2.
 */
class BetaNllTest {
    private static final float[] MU = {0.2f, 0.9f};
    private static final float[] Y = {0.5f, 0.5f};
    private static final float[] SIGMA = {0.5f, 1f};

    @Test
    void twoPixelValueByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mu = m.create(MU, new Shape(1, 1, 1, 2));
            NDArray y = m.create(Y, new Shape(1, 1, 1, 2));
            NDArray sigma = m.create(SIGMA, new Shape(1, 1, 1, 2));
            assertEquals(-0.0882868f, BetaNll.loss(mu, sigma, y, 0.5f, 0f).getFloat(), 1e-6f);
            // the default floor (1e-6 on the variance) changes it only slightly
            assertEquals(-0.0882868f, BetaNll.loss(mu, sigma, y).getFloat(), 1e-5f);
            // beta = 0 is the plain Gaussian NLL: 0.5*(0.36 + ln 0.25) = -0.51314718, 0.08; mean -0.21657359
            assertEquals(-0.2165736f, BetaNll.loss(mu, sigma, y, 0f, 0f).getFloat(), 1e-6f);
        }
    }

    @Test
    void gradientsTreatTheBetaFactorAsAConstant() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mu = m.create(MU, new Shape(2));
            NDArray y = m.create(Y, new Shape(2));
            NDArray sigma = m.create(SIGMA, new Shape(2));
            mu.setRequiresGradient(true);
            sigma.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(BetaNll.loss(mu, sigma, y, 0.5f, 0f));
            }
            assertArrayEquals(new float[] {0.32f, 0.42f}, sigma.getGradient().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {-0.3f, 0.2f}, mu.getGradient().toFloatArray(), 1e-6f);

            // had the factor c = s2^beta been differentiated, pixel 1 would add
            // 0.5 * (e^2/s2 + ln s2) * d c/d sigma / N, d c/d sigma = beta * s2^(beta - 1) * 2 sigma
            double l1 = 0.5 * (0.36 + Math.log(0.25));
            double full1 = 0.32 + l1 * 0.5 * Math.pow(0.25, -0.5) * 2 * 0.5 / 2;
            assertEquals(full1, 0.32 - 0.2565736, 1e-6);
            assertTrue(Math.abs(full1 - 0.32) > 0.1, "the example must tell the two gradients apart");
        }
    }

    @Test
    void gradientMatchesAFiniteDifferenceOfTheFrozenFactorLoss() {
        // finite difference of L with c = s2^beta evaluated at the base point and held fixed
        double h = 1e-4;
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            double s0 = SIGMA[i];
            double c = Math.pow(s0 * s0 + BetaNll.VAR_FLOOR, 0.5);
            double e2 = Math.pow(Y[i] - MU[i], 2);
            double plus = frozen(e2, s0 + h, c);
            double minus = frozen(e2, s0 - h, c);
            expected[i] = (plus - minus) / (2 * h) / 2;
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray sigma = m.create(SIGMA, new Shape(2));
            sigma.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(BetaNll.loss(m.create(MU), sigma, m.create(Y)));
            }
            float[] g = sigma.getGradient().toFloatArray();
            assertEquals(expected[0], g[0], 1e-4);
            assertEquals(expected[1], g[1], 1e-4);
        }
    }

    private static double frozen(double e2, double sigma, double c) {
        double s2 = sigma * sigma + BetaNll.VAR_FLOOR;
        return 0.5 * (e2 / s2 + Math.log(s2)) * c;
    }

    @Test
    void theTwoHalvesSplitTheGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray y = m.create(Y);
            NDArray mu = m.create(MU);
            NDArray sigma = m.create(SIGMA);
            mu.setRequiresGradient(true);
            sigma.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(BetaNll.alphaTerm(mu, sigma, y));
            }
            assertTrue(sigma.getGradient().abs().max().getFloat() == 0f, "NLL_alpha must not train sigma");
            assertTrue(mu.getGradient().abs().max().getFloat() > 0f);

            NDArray mu2 = m.create(MU);
            NDArray sigma2 = m.create(SIGMA);
            mu2.setRequiresGradient(true);
            sigma2.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(BetaNll.uncertaintyTerm(mu2, sigma2, y));
            }
            assertTrue(mu2.getGradient().abs().max().getFloat() == 0f, "NLL_u must not train alpha");
            float[] g = sigma2.getGradient().toFloatArray();
            assertEquals(0.32f, g[0], 1e-4f);
            assertEquals(0.42f, g[1], 1e-4f);
        }
    }

    @Test
    void theUncertaintyTermIsSmallestWhereSigmaEqualsTheError() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray mu = m.create(new float[] {0.3f});
            NDArray y = m.create(new float[] {0.5f});
            float best = BetaNll.uncertaintyTerm(mu, m.create(new float[] {0.2f}), y).getFloat();
            // with the factor frozen the gradient vanishes at sigma = |e|
            NDArray sigma = m.create(new float[] {0.2f});
            sigma.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(BetaNll.loss(mu, sigma, y, 0.5f, 0f));
            }
            assertEquals(0f, sigma.getGradient().getFloat(), 1e-5f);
            assertTrue(Float.isFinite(best));
        }
    }
}
