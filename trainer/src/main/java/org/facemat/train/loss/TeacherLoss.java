package org.facemat.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 1 (teacher) loss: boundary-aware learning with uncertainty,
 *
 * <pre>  L = w_l1 * L1_U + w_lap * Lap_U + w_tmp * Temporal_U + w_na * NLL_alpha + w_nu * NLL_u</pre>
 *
 * where U is the trimap unknown band (trimap == 0.5). L1, Laplacian and temporal terms see only U; both NLL terms see
 * every pixel ({@link BetaNll#alphaTerm}, {@link BetaNll#uncertaintyTerm}).
 *
 * <p>Shapes: alpha, sigma, gt, trimap [B,T,1,H,W] (the frames of each sequence in order), or [B,1,H,W] for single
 * frames (then the temporal term is 0).
 */
public final class TeacherLoss {
    public static final String L1 = "l1";
    public static final String LAPLACIAN = "laplacian";
    public static final String TEMPORAL = "temporal";
    public static final String NLL_ALPHA = "nll_alpha";
    public static final String NLL_U = "nll_u";

    private final LossWeights weights;

    public TeacherLoss(LossWeights weights) {
        this.weights = weights;
    }

    public TeacherLoss() {
        this(LossWeights.DEFAULT);
    }

    public LossWeights weights() {
        return weights;
    }

    public LossTerms compute(NDArray alpha, NDArray sigma, NDArray gt, NDArray trimap) {
        alpha = asSequence(alpha);
        sigma = asSequence(sigma);
        gt = asSequence(gt);
        trimap = asSequence(trimap);
        checkSame(alpha, sigma, gt, trimap);
        NDArray band = MaskedL1.unknownBand(trimap);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put(L1, MaskedL1.loss(alpha, gt, band));
        terms.put(LAPLACIAN, LaplacianLoss.loss(alpha, gt, band));
        terms.put(TEMPORAL, TemporalLoss.loss(alpha, gt, band));
        terms.put(NLL_ALPHA, BetaNll.alphaTerm(alpha, sigma, gt));
        terms.put(NLL_U, BetaNll.uncertaintyTerm(alpha, sigma, gt));
        Map<String, Float> w = Map.of(L1, weights.l1(), LAPLACIAN, weights.laplacian(), TEMPORAL, weights.temporal(),
                NLL_ALPHA, weights.nllAlpha(), NLL_U, weights.nllU());
        return LossTerms.weighted(terms, w);
    }

    /** [B,1,H,W] as [B,1,1,H,W]; [B,T,1,H,W] unchanged. */
    static NDArray asSequence(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() == 4) {
            return x.reshape(s.get(0), 1, s.get(1), s.get(2), s.get(3));
        }
        if (s.dimension() == 5) {
            return x;
        }
        throw new IllegalArgumentException("expected [B,1,H,W] or [B,T,1,H,W], got " + s);
    }

    static void checkSame(NDArray first, NDArray... others) {
        for (NDArray o : others) {
            if (!o.getShape().equals(first.getShape())) {
                throw new IllegalArgumentException("shapes differ: " + first.getShape() + " and " + o.getShape());
            }
        }
    }
}
