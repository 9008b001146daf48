package org.facemat.face;

/**
 * Smooths a track's crop over time. The centre is filtered in units of the face's size and the side in log scale, so
 * one setting suits a face of 60 pixels and one of 1500; the angle is unwrapped before filtering.
 */
final class CropSmoother {
    /** Still: a cutoff of 1 Hz removes the landmark jitter (about a pixel) yet follows a turn within a few frames. */
    static final double MIN_CUTOFF = 1.0;
    /** Moving: at one face size per second the cutoff rises by 4 Hz, so the crop keeps up with a quick move. */
    static final double BETA = 4.0;
    static final double DERIVATIVE_CUTOFF = 1.0;

    private final OneEuroFilter x = new OneEuroFilter(MIN_CUTOFF, BETA, DERIVATIVE_CUTOFF);
    private final OneEuroFilter y = new OneEuroFilter(MIN_CUTOFF, BETA, DERIVATIVE_CUTOFF);
    private final OneEuroFilter logSide = new OneEuroFilter(MIN_CUTOFF, BETA, DERIVATIVE_CUTOFF);
    private final OneEuroFilter angle = new OneEuroFilter(MIN_CUTOFF, BETA, DERIVATIVE_CUTOFF);
    private double lastAngle = Double.NaN;
    private double unwrapped;
    private double scale = Double.NaN;

    FaceCrop next(FaceCrop raw, double dt) {
        if (Double.isNaN(scale)) {
            scale = raw.side(); // the unit the centre is filtered in: fixed for the track, so the filter stays linear
        }
        double a = raw.angle();
        if (Double.isNaN(lastAngle)) {
            unwrapped = a;
        } else {
            double d = Math.IEEEremainder(a - lastAngle, 2 * Math.PI);
            unwrapped += d;
        }
        lastAngle = a;
        double cx = x.filter(raw.cx() / scale, dt) * scale;
        double cy = y.filter(raw.cy() / scale, dt) * scale;
        double side = Math.exp(logSide.filter(Math.log(raw.side()), dt));
        return new FaceCrop(cx, cy, side, angle.filter(unwrapped, dt));
    }
}
