package org.facemat.train.loss;

/**
 * Weights of the FaceMat loss terms (docs/training.md, "Losses").
 *
 * <p>Stage 1 (teacher, {@link TeacherLoss}): {@code l1}, {@code laplacian}, {@code temporal} (all masked to the trimap
 * unknown band) and {@code nllAlpha}, {@code nllU} (unmasked). Stage 2 (student, {@link UgkdLoss}): the soft L1 with
 * per-pixel weight {@code ugkdBase + ugkdSigma * sigma_teacher} (scaled by {@code l1}), {@code laplacian} (unmasked)
 * and {@code studentUncertainty}, the term that trains the student's own sigma.
 *
 * @param l1                 masked L1 (stage 1) and soft L1 (stage 2)
 * @param laplacian          Laplacian pyramid loss (both stages)
 * @param temporal           temporal-derivative loss (stage 1; its own factor 5 is part of {@link TemporalLoss})
 * @param nllAlpha           beta-NLL with sigma held fixed: trains alpha (stage 1)
 * @param nllU               beta-NLL with alpha held fixed: trains sigma (stage 1)
 * @param ugkdBase           w1 of the UGKD weight {@code w = w1 + w2 * sigma_teacher}
 * @param ugkdSigma          w2 of the UGKD weight
 * @param studentUncertainty beta-NLL with alpha held fixed for the student's sigma (stage 2)
 */
public record LossWeights(float l1, float laplacian, float temporal, float nllAlpha, float nllU, float ugkdBase,
                          float ugkdSigma, float studentUncertainty) {

    /** All term weights 1; UGKD w1 = w2 = 2 (paper). */
    public static final LossWeights DEFAULT = new LossWeights(1f, 1f, 1f, 1f, 1f, 2f, 2f, 1f);

    public LossWeights {
        float[] all = {l1, laplacian, temporal, nllAlpha, nllU, ugkdBase, ugkdSigma, studentUncertainty};
        for (float v : all) {
            if (!(v >= 0f) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("loss weights must be finite and >= 0: " + this);
            }
        }
    }
}
