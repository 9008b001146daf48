package org.facemat.train.finetune;

import java.util.List;
import java.util.SplittableRandom;
import org.facemat.image.HalfPixelBilinear;
import org.facemat.image.Plane;
import org.facemat.image.Planar;
import org.facemat.metrics.Trimap;
import org.facemat.train.synth.Sample;
import org.facemat.train.synth.SampleSource;

/**
 * Training samples from a shot's roto'd frames: sample i is a square crop of one of them (chosen and placed by a
 * random stream seeded with i), around the matte's bounding box at 1.4x to 2.4x its longer side, flipped half of the
 * time, resampled to {@code size}. One frame per sample: roto'd frames are rarely consecutive.
 */
public final class RotoSamples implements SampleSource {
    private final List<RotoFrame> frames;
    private final int size;
    private final long seed;
    private final int[][] boxes;

    public RotoSamples(List<RotoFrame> frames, int size, long seed) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no roto'd frames to train on");
        }
        this.frames = List.copyOf(frames);
        this.size = size;
        this.seed = seed;
        this.boxes = new int[frames.size()][];
        for (int i = 0; i < frames.size(); i++) {
            boxes[i] = box(frames.get(i));
        }
    }

    /** x0, y0, x1, y1 (exclusive) of matte &gt; 0.05, or the whole frame when the matte is empty. */
    static int[] box(RotoFrame f) {
        int[] b = new Plane(f.width(), f.height(), f.matte()).boundsAbove(Trimap.LOW);
        return b == null ? new int[] {0, 0, f.width(), f.height()} : new int[] {b[0], b[1], b[2] + 1, b[3] + 1};
    }

    @Override
    public Sample sample(long index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
        int k = r.nextInt(frames.size());
        RotoFrame f = frames.get(k);
        int[] b = boxes[k];
        double side = Math.max(b[2] - b[0], b[3] - b[1]) * (1.4 + r.nextDouble());
        side = Math.max(16, Math.min(side, Math.min(f.width(), f.height())));
        double cx = (b[0] + b[2]) / 2.0 + (r.nextDouble() - 0.5) * 0.15 * side;
        double cy = (b[1] + b[3]) / 2.0 + (r.nextDouble() - 0.5) * 0.15 * side;
        int s = (int) Math.round(side);
        int x0 = (int) Math.round(Math.max(0, Math.min(f.width() - s, cx - side / 2)));
        int y0 = (int) Math.round(Math.max(0, Math.min(f.height() - s, cy - side / 2)));
        boolean flip = r.nextBoolean();
        float[] rgb = HalfPixelBilinear.resize(Planar.window(f.rgb(), 3, f.width(), f.height(), x0, y0, s, s, flip),
                3, s, s, size, size);
        float[] gt = HalfPixelBilinear.resize(Planar.window(f.matte(), 1, f.width(), f.height(), x0, y0, s, s, flip),
                1, s, s, size, size);
        float[] trimap = new float[gt.length];
        boolean[] band = Trimap.unknownBand(gt, size, size);
        for (int i = 0; i < gt.length; i++) {
            trimap[i] = band[i] ? 0.5f : gt[i] > 0.5f ? 1f : 0f;
        }
        String name = "frame " + f.frame();
        return new Sample(index, size, new float[][] {rgb}, new float[][] {gt}, new float[][] {trimap},
                new float[][] {new float[gt.length]}, new float[][] {gt.clone()}, name, null, Double.NaN,
                (double) (b[2] - b[0]) * (b[3] - b[1]), false, null);
    }
}
