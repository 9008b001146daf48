package org.facemat.train.loss;

import org.facemat.train.nd.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The temporal-coherence loss (as in RVM): the squared error of the frame-to-frame change,
 *
 * <pre>  L = 5 * sum(m_t * ((p_t+1 - p_t) - (g_t+1 - g_t))^2) / max(sum(m_t), 1)</pre>
 *
 * over consecutive frames t, t+1, where {@code m_t = max(mask_t, mask_t+1)}, the union of the two frames' unknown
 * bands (a pixel counts when it is uncertain in either frame). Without a mask every pixel pair counts (plain MSE).
 *
 * <p>Shapes: [B,T,C,H,W] (sequences kept apart from the batch so consecutive frames are explicit). Fewer than two
 * frames give 0.
 */
public final class TemporalLoss {
    public static final float FACTOR = 5f;

    private TemporalLoss() {
    }

    public static NDArray loss(NDArray pred, NDArray target) {
        return loss(pred, target, null);
    }

    /** @param mask [B,T,C,H,W] or null */
    public static NDArray loss(NDArray pred, NDArray target, NDArray mask) {
        Shape s = pred.getShape();
        if (s.dimension() != 5) {
            throw new IllegalArgumentException("expected [B,T,C,H,W], got " + s);
        }
        long t = s.get(1);
        if (t < 2) {
            return Scalars.times(pred.sum(), 0f);
        }
        NDIndex later = new NDIndex(":, 1:");
        NDIndex earlier = new NDIndex(":, :{}", t - 1);
        NDArray dp = pred.get(later).sub(pred.get(earlier));
        NDArray dg = target.get(later).sub(target.get(earlier));
        NDArray sq = dp.sub(dg).square();
        if (mask == null) {
            return Scalars.times(sq.mean(), FACTOR);
        }
        NDArray m = mask.stopGradient();
        NDArray union = m.get(later).maximum(m.get(earlier));
        return Scalars.times(sq.mul(union).sum().div(union.sum().maximum(1f)), FACTOR);
    }
}
