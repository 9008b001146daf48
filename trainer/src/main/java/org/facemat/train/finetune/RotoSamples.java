package org.facemat.train.finetune;

import java.util.List;
import java.util.SplittableRandom;
import org.facemat.image.HalfPixelBilinear;
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
        int x0 = f.width();
        int y0 = f.height();
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                if (f.matte()[y * f.width() + x] > Trimap.LOW) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x + 1);
                    y1 = Math.max(y1, y + 1);
                }
            }
        }
        return x1 < 0 ? new int[] {0, 0, f.width(), f.height()} : new int[] {x0, y0, x1, y1};
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
        float[] rgb = HalfPixelBilinear.resize(crop(f.rgb(), 3, f.width(), f.height(), x0, y0, s, flip), 3, s, s,
                size, size);
        float[] gt = HalfPixelBilinear.resize(crop(f.matte(), 1, f.width(), f.height(), x0, y0, s, flip), 1, s, s,
                size, size);
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

    private static float[] crop(float[] src, int channels, int w, int h, int x0, int y0, int s, boolean flip) {
        float[] out = new float[channels * s * s];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < s; y++) {
                int from = c * w * h + (y0 + y) * w + x0;
                int to = c * s * s + y * s;
                if (flip) {
                    for (int x = 0; x < s; x++) {
                        out[to + x] = src[from + s - 1 - x];
                    }
                } else {
                    System.arraycopy(src, from, out, to, s);
                }
            }
        }
        return out;
    }
}
