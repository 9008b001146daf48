package org.facemat.train.synth;

/**
 * Numbers of the synthesis recipe (CelebAMat, adapted to the shared data). {@link #training(int)} gives the training
 * defaults; {@link #evaluation(int)} the fixed evaluation composites.
 *
 * @param size            side of the square training crop in pixels
 * @param seqLen          frames per sample
 * @param occlusionProb   probability that a sample gets an occluder
 * @param cropScaleMin    crop side = longer face-box side x U(cropScaleMin, cropScaleMax)
 * @param cropShift       crop centre = face-box centre + U(-cropShift, cropShift) x crop side, per axis
 * @param areaMin         occluder area (alpha mass) = skin bounding-box area x U(areaMin, areaMax)
 * @param textureProb     among occluded samples, the fraction whose occluder is a texture patch cut with a random
 *                        soft ellipse instead of a cut-out
 * @param pauseProb       per frame, the occluder keeps the previous frame's placement
 * @param driftShift      per-frame occluder translation, standard deviation as a fraction of the crop side
 * @param driftAngleDeg   per-frame occluder rotation, standard deviation in degrees
 * @param driftScale      per-frame occluder log-scale change, standard deviation
 * @param augment         apply the photometric augmentations and the horizontal flip
 * @param handProb        probability that a sample gets a procedural hand, painted with another person's skin (drawn
 *                        independently of the object occluder and of the other kinds below)
 * @param forearmProb     probability of a forearm (it continues the hand's wrist when both are drawn)
 * @param hairProb        probability of hair locks over the forehead or a cheek
 * @param glassesProb     probability of a glasses frame on the eye line
 * @param variation       strength in [0, 1] of the identity and camera variation ({@link IdentityVariation}): face
 *                        geometry, skin tone, light, blur, noise, compression; 0 leaves a sample as it was
 * @param priorJitter     strength in [0, 1] of the landmark prior's errors ({@link TrainingPrior}): placement, size,
 *                        tilt, and now and then a prior on the wrong place
 * @param priorDropout    probability that a sample's prior says "no landmarks" (all {@code PRIOR_UNKNOWN})
 */
public record SynthConfig(int size, int seqLen, double occlusionProb, double cropScaleMin, double cropScaleMax,
        double cropShift, double areaMin, double areaMax, double textureProb, double pauseProb, double driftShift,
        double driftAngleDeg, double driftScale, boolean augment, double handProb, double forearmProb,
        double hairProb, double glassesProb, double variation, double priorJitter, double priorDropout) {

    public static final double P_HFLIP = 0.5;
    public static final double P_JITTER = 0.3;
    public static final double P_GRAY = 0.03;
    public static final double P_NOISE = 0.05;
    public static final double P_SHARPEN = 0.05;
    public static final double P_BLUR = 0.02;

    public SynthConfig {
        if (size < 16 || seqLen < 1) {
            throw new IllegalArgumentException("size >= 16 and seqLen >= 1 required");
        }
        if (!(variation >= 0 && variation <= 1 && priorJitter >= 0 && priorJitter <= 1 && priorDropout >= 0
                && priorDropout <= 1)) {
            throw new IllegalArgumentException("variation, priorJitter and priorDropout must be in [0, 1]");
        }
    }

    public static SynthConfig training(int size) {
        return new SynthConfig(size, 4, 0.25, 1.4, 2.2, 0.08, 0.3, 0.7, 0.2, 0.03, 0.012, 2.0, 0.02, true, 0.15, 0.05,
                0.1, 0.1, 0, 0, 0);
    }

    /**
     * Single frames, occluded with probability 0.75, no augmentation; object occluders only (the fixed split predates
     * hands, hair and glasses and must not move; {@link #withKinds} asks for them).
     */
    public static SynthConfig evaluation(int size) {
        return new SynthConfig(size, 1, 0.75, 1.6, 1.9, 0.04, 0.3, 0.7, 0.2, 0.03, 0.012, 2.0, 0.02, false, 0, 0, 0,
                0, 0, 0, 0);
    }

    public SynthConfig withSize(int s) {
        return new SynthConfig(s, seqLen, occlusionProb, cropScaleMin, cropScaleMax, cropShift, areaMin, areaMax,
                textureProb, pauseProb, driftShift, driftAngleDeg, driftScale, augment, handProb, forearmProb,
                hairProb, glassesProb, variation, priorJitter, priorDropout);
    }

    /** The same recipe with every sample occluded (1) or none (0): the unseen split's fixed clear/occluded mix. */
    public SynthConfig withOcclusionProb(double p) {
        return new SynthConfig(size, seqLen, p, cropScaleMin, cropScaleMax, cropShift, areaMin, areaMax,
                textureProb, pauseProb, driftShift, driftAngleDeg, driftScale, augment, handProb, forearmProb,
                hairProb, glassesProb, variation, priorJitter, priorDropout);
    }

    public SynthConfig withSeqLen(int n) {
        return new SynthConfig(size, n, occlusionProb, cropScaleMin, cropScaleMax, cropShift, areaMin, areaMax,
                textureProb, pauseProb, driftShift, driftAngleDeg, driftScale, augment, handProb, forearmProb,
                hairProb, glassesProb, variation, priorJitter, priorDropout);
    }

    /** The same recipe with another per-frame occluder translation (fraction of the crop side, per frame). */
    public SynthConfig withDriftShift(double shift) {
        return new SynthConfig(size, seqLen, occlusionProb, cropScaleMin, cropScaleMax, cropShift, areaMin, areaMax,
                textureProb, pauseProb, shift, driftAngleDeg, driftScale, augment, handProb, forearmProb,
                hairProb, glassesProb, variation, priorJitter, priorDropout);
    }

    /** The same recipe with other probabilities for the object occluder and each further kind. */
    public SynthConfig withKinds(double occlusion, double hand, double forearm, double hair, double glasses) {
        return new SynthConfig(size, seqLen, occlusion, cropScaleMin, cropScaleMax, cropShift, areaMin, areaMax,
                textureProb, pauseProb, driftShift, driftAngleDeg, driftScale, augment, hand, forearm, hair, glasses,
                variation, priorJitter, priorDropout);
    }

    /** The same recipe with identity and camera variation of this strength and the prior's jitter and dropout. */
    public SynthConfig withVariation(double strength, double jitter, double dropout) {
        return new SynthConfig(size, seqLen, occlusionProb, cropScaleMin, cropScaleMax, cropShift, areaMin, areaMax,
                textureProb, pauseProb, driftShift, driftAngleDeg, driftScale, augment, handProb, forearmProb,
                hairProb, glassesProb, strength, jitter, dropout);
    }
}
