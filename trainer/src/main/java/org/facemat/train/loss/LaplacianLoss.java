package org.facemat.train.loss;

import org.facemat.train.nd.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * The Laplacian pyramid loss (as in RVM): a {@value #LEVELS}-level pyramid, level k weighted {@code 2^k}, L1 per level,
 *
 * <pre>  L = (1 / LEVELS) * sum_k 2^k * L1(band_k(pred), band_k(target))</pre>
 *
 * Pyramid step: crop to even size, blur with the 5x5 Gaussian {@code [1,4,6,4,1]/16} (separable, reflect padding),
 * take every second pixel ({@code down}); {@code up} inserts zeros, multiplies by 4 and blurs again;
 * {@code band = current - up(down)}, then {@code current = down}. The last low-pass image is not part of the loss, so a
 * constant offset costs nothing (only the L1 term sees it). The pyramid is linear, so it is built once on
 * {@code pred - target}.
 *
 * <p>Masked: level 0 uses the mask itself (cropped like the image); each coarser level uses the 2x2 max of the finer
 * mask, so a coarse pixel counts when any pixel it covers is in the band (the band stays covered instead of thinning
 * out). Each level's L1 is then normalised by that level's mask count ({@link MaskedL1}).
 *
 * <p>Shapes: {@code [..., H, W]}; every leading dimension (batch, time, channel) is flattened, so [B,1,H,W] and
 * [B,T,1,H,W] both work. Levels whose image is smaller than 2x2 are skipped (only for inputs under 32 px).
 */
public final class LaplacianLoss {
    public static final int LEVELS = 5;
    private static final float[] TAPS = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};

    private LaplacianLoss() {
    }

    /** Unmasked loss over every pixel. */
    public static NDArray loss(NDArray pred, NDArray target) {
        return loss(pred, target, null);
    }

    /** Loss restricted to {@code mask} (null: every pixel). */
    public static NDArray loss(NDArray pred, NDArray target, NDArray mask) {
        NDArray d = flatten(pred.sub(target));
        NDArray m = mask == null ? null : flatten(mask.stopGradient());
        if (m != null && !m.getShape().equals(d.getShape())) {
            throw new IllegalArgumentException("mask " + mask.getShape() + " does not match " + pred.getShape());
        }
        List<NDArray> bands = pyramid(d);
        NDArray total = null;
        for (int k = 0; k < bands.size(); k++) {
            NDArray band = bands.get(k);
            NDArray l1;
            if (m == null) {
                l1 = band.abs().mean();
            } else {
                m = cropEven(m);
                l1 = MaskedL1.loss(band, band.zerosLike(), m);
                m = Pool.maxPool2d(m, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
            }
            NDArray term = Scalars.times(l1, (float) (1 << k));
            total = total == null ? term : total.add(term);
        }
        if (total == null) {
            return Scalars.times(d.sum(), 0f);
        }
        return Scalars.times(total, 1f / LEVELS);
    }

    /** The bands of the Laplacian pyramid of {@code x} [N,1,H,W], finest first (at most {@value #LEVELS}). */
    public static List<NDArray> pyramid(NDArray x) {
        List<NDArray> bands = new ArrayList<>(LEVELS);
        NDArray current = x;
        for (int k = 0; k < LEVELS; k++) {
            if (current.getShape().get(2) < 2 || current.getShape().get(3) < 2) {
                break;
            }
            current = cropEven(current);
            NDArray down = blur(current).get(new NDIndex(":, :, ::2, ::2"));
            bands.add(current.sub(blur(upsampleZeros(down))));
            current = down;
        }
        return bands;
    }

    /** The separable 5x5 Gaussian with reflect padding, on [N,1,H,W]. */
    static NDArray blur(NDArray x) {
        NDArray kv = kernel(x, new Shape(1, 1, 5, 1));
        NDArray kh = kernel(x, new Shape(1, 1, 1, 5));
        NDArray v = Conv2d.conv2d(reflectPad(x, 2, 2), kv).singletonOrThrow();
        return Conv2d.conv2d(reflectPad(v, 3, 2), kh).singletonOrThrow();
    }

    /**
     * The taps as an array the engine allocated (the result of an operation). An array made from Java data borrows a
     * Java buffer; autograd keeps the kernel for the backward pass, and once that buffer is collected the gradient
     * would be read from freed memory ({@code GarbageCollectionTest}).
     */
    private static NDArray kernel(NDArray like, Shape shape) {
        NDManager m = like.getManager();
        NDArray borrowed = m.create(TAPS, shape).toType(like.getDataType(), false);
        NDArray owned = m.zeros(shape, like.getDataType()).add(borrowed); // the result of an op: engine memory
        borrowed.close();
        return owned;
    }

    /** [N,C,h,w] to [N,C,2h,2w]: each value times 4 at the even positions, zeros between. */
    static NDArray upsampleZeros(NDArray x) {
        Shape s = x.getShape();
        NDArray a = Scalars.times(x, 4f);
        a = a.stack(a.zerosLike(), 4).reshape(s.get(0), s.get(1), s.get(2), 2 * s.get(3));
        return a.stack(a.zerosLike(), 3).reshape(s.get(0), s.get(1), 2 * s.get(2), 2 * s.get(3));
    }

    /** Reflect padding ("reflect", edge not repeated) of {@code p} pixels on both sides of {@code axis}. */
    static NDArray reflectPad(NDArray x, int axis, int p) {
        long n = x.getShape().get(axis);
        NDList parts = new NDList();
        for (int i = -p; i < 0; i++) {
            parts.add(slice(x, axis, reflect(i, n)));
        }
        parts.add(x);
        for (long i = n; i < n + p; i++) {
            parts.add(slice(x, axis, reflect(i, n)));
        }
        return NDArrays.concat(parts, axis);
    }

    private static long reflect(long i, long n) {
        if (n == 1) {
            return 0;
        }
        long period = 2 * (n - 1);
        long j = Math.floorMod(i, period);
        return j < n ? j : period - j;
    }

    private static NDArray slice(NDArray x, int axis, long i) {
        NDIndex idx = new NDIndex();
        for (int a = 0; a < axis; a++) {
            idx.addAllDim();
        }
        idx.addSliceDim(i, i + 1);
        return x.get(idx);
    }

    private static NDArray cropEven(NDArray x) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        if (h % 2 == 0 && w % 2 == 0) {
            return x;
        }
        return x.get(new NDIndex(":, :, :{}, :{}", h - h % 2, w - w % 2));
    }

    /** [..., H, W] as [N,1,H,W]. */
    static NDArray flatten(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() < 2) {
            throw new IllegalArgumentException("expected [..., H, W], got " + s);
        }
        long h = s.get(s.dimension() - 2);
        long w = s.get(s.dimension() - 1);
        return x.reshape(-1, 1, h, w);
    }
}
