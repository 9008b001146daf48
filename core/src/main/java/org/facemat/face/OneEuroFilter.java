package org.facemat.face;

/**
 * The 1€ filter (Casiez, Roussel and Vogel, CHI 2012): a low-pass filter whose cutoff rises with the signal's speed,
 * so a still face's crop does not jitter and a moving face's crop does not lag. Causal: a frame's value depends only on
 * earlier frames, so a farm chunk that pre-rolls from the shot's start gets the same crops as a continuous render.
 */
final class OneEuroFilter {
    private final double minCutoff;
    private final double beta;
    private final double derivativeCutoff;
    private boolean started;
    private double value;
    private double derivative;

    /**
     * @param minCutoff        cutoff (Hz) when the signal is still: lower = smoother
     * @param beta             how fast the cutoff rises with speed (per unit of the signal per second)
     * @param derivativeCutoff cutoff (Hz) of the speed estimate
     */
    OneEuroFilter(double minCutoff, double beta, double derivativeCutoff) {
        this.minCutoff = minCutoff;
        this.beta = beta;
        this.derivativeCutoff = derivativeCutoff;
    }

    /** Filters the next sample, {@code dt} seconds after the previous one. */
    double filter(double x, double dt) {
        if (!started) {
            started = true;
            value = x;
            derivative = 0;
            return x;
        }
        double dx = (x - value) / dt;
        derivative += smoothing(derivativeCutoff, dt) * (dx - derivative);
        double cutoff = minCutoff + beta * Math.abs(derivative);
        value += smoothing(cutoff, dt) * (x - value);
        return value;
    }

    private static double smoothing(double cutoff, double dt) {
        double tau = 1.0 / (2 * Math.PI * cutoff);
        return 1.0 / (1.0 + tau / dt);
    }
}
