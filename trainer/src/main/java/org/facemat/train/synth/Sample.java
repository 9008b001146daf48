package org.facemat.train.synth;

/**
 * One synthesized training sequence; every array is per frame, {@code size x size}, row-major.
 *
 * @param index          the sample index it was made from (with the seed)
 * @param rgb            composite, planar float RGB in [0,1] (after augmentation)
 * @param gt             ground truth {@code skin * (1 - occluderAlpha)}
 * @param trimap         0 background, 0.5 unknown (0.05 &lt;= gt &lt;= 0.95, dilated), 1 foreground
 * @param occluderAlpha  the alpha of everything pasted together (all 0 when not occluded)
 * @param skin           the cropped skin label before the occluder
 * @param source         face source and item names, e.g. {@code cap13#000120..000123}
 * @param occluder       what was pasted, names joined with '+' (e.g. {@code brushes/smoke.png+glasses+hand:cap13#000212}),
 *                       or null
 * @param targetAreaFraction the object occluder's alpha mass / skin bounding-box area as drawn (NaN without one)
 * @param skinBoxArea    skin bounding-box area in frame 0 (pixels of the crop)
 * @param areaCapped     the occluder was made smaller than drawn, so its support would not exceed 2x the skin box
 * @param prior          the landmark prior per frame ({@link TrainingPrior}), or null: none drawn, a network that
 *                       takes one sees {@code PRIOR_UNKNOWN}
 */
public record Sample(long index, int size, float[][] rgb, float[][] gt, float[][] trimap, float[][] occluderAlpha,
        float[][] skin, String source, String occluder, double targetAreaFraction, double skinBoxArea,
        boolean areaCapped, float[][] prior) {

    public int frames() {
        return gt.length;
    }

    public boolean occluded() {
        return occluder != null;
    }
}
