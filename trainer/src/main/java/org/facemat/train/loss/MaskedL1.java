package org.facemat.train.loss;

import ai.djl.ndarray.NDArray;

/**
 * L1 over a mask: {@code sum(mask * |pred - target|) / max(sum(mask), 1)}. One count over the whole batch (every
 * unknown pixel counts the same, whichever frame it is in); an empty mask gives 0 (numerator 0, denominator 1) with
 * no host round trip. The mask is a constant (its gradient is stopped); it is binary in practice, a soft mask works as
 * a weight. Shapes: any, equal (or broadcasting) for the three arrays.
 */
public final class MaskedL1 {
    private MaskedL1() {
    }

    public static NDArray loss(NDArray pred, NDArray target, NDArray mask) {
        NDArray m = mask.stopGradient();
        return pred.sub(target).abs().mul(m).sum().div(m.sum().maximum(1f));
    }

    /**
     * The trimap unknown band as a 0/1 float mask: trimap 0.5 (unknown) gives 1, 0 and 1 give 0. Tested as
     * {@code |trimap - 0.5| < 0.25} so a resampled trimap still works.
     */
    public static NDArray unknownBand(NDArray trimap) {
        return trimap.stopGradient().sub(0.5f).abs().lt(0.25f).toType(trimap.getDataType(), false);
    }
}
