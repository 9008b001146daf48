package org.facemat.train.loss;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stage 2 (student) loss: uncertainty-guided knowledge distillation, no trimap,
 *
 * <pre>  L = w_l1 * mean(w * |alpha - gt|) + w_lap * Lap(alpha, gt) + w_u * NLL_u(student)
 *   w = w1 + w2 * stopgrad(sigma_teacher),  w1 = w2 = 2</pre>
 *
 * The soft L1 spends more of the student's effort where the teacher is unsure (boundaries, occluder edges) while still
 * covering the whole image, which keeps the global semantics the trimap-masked teacher lacks. The mean is over pixels
 * (not normalised by the sum of w), so w scales the loss.
 *
 * <p>The product's student also outputs sigma. It is trained with the same beta-NLL as the teacher's NLL_u,
 * {@link BetaNll#uncertaintyTerm}{@code (alpha_student, sigma_student, gt)}: alpha is detached, so this term moves
 * only the uncertainty head, and per pixel its minimum is at {@code sigma = |alpha_student - gt|}, i.e. sigma predicts
 * the standard deviation of the student's own error (a likelihood fit rather than an L1 regression, so it matches the
 * teacher's sigma in meaning and scale). The teacher's sigma never receives a gradient here.
 *
 * <p>Shapes: any equal shapes; [B,1,H,W] or [B,T,1,H,W] (the Laplacian flattens the leading dimensions).
 */
public final class UgkdLoss {
    public static final String SOFT_L1 = "soft_l1";
    public static final String LAPLACIAN = "laplacian";
    public static final String UNCERTAINTY = "uncertainty";

    private final LossWeights weights;

    public UgkdLoss(LossWeights weights) {
        this.weights = weights;
    }

    public UgkdLoss() {
        this(LossWeights.DEFAULT);
    }

    public LossWeights weights() {
        return weights;
    }

    /** The per-pixel weight {@code w1 + w2 * sigma_teacher}, detached. */
    public NDArray pixelWeight(NDArray sigmaTeacher) {
        return sigmaTeacher.stopGradient().mul(weights.ugkdSigma()).add(weights.ugkdBase());
    }

    public LossTerms compute(NDArray alphaStudent, NDArray sigmaStudent, NDArray gt, NDArray sigmaTeacher) {
        TeacherLoss.checkSame(alphaStudent, sigmaStudent, gt, sigmaTeacher);
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put(SOFT_L1, alphaStudent.sub(gt).abs().mul(pixelWeight(sigmaTeacher)).mean());
        terms.put(LAPLACIAN, LaplacianLoss.loss(alphaStudent, gt));
        terms.put(UNCERTAINTY, BetaNll.uncertaintyTerm(alphaStudent, sigmaStudent, gt));
        Map<String, Float> w = Map.of(SOFT_L1, weights.l1(), LAPLACIAN, weights.laplacian(), UNCERTAINTY,
                weights.studentUncertainty());
        return LossTerms.weighted(terms, w);
    }
}
