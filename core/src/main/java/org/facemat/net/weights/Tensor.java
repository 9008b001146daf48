package org.facemat.net.weights;

import java.util.Arrays;

/** A dense float32 tensor in row-major (C) order; the exchange format between importer, DJL network and exporter. */
public final class Tensor {
    private final long[] shape;
    private final float[] data;

    public Tensor(long[] shape, float[] data) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public long dim(int i) {
        return shape[i];
    }

    /** The values themselves, not a copy: callers must not modify them. */
    public float[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    /** Permutes the axes: result axis i is this tensor's axis {@code order[i]}. */
    public Tensor permute(int... order) {
        if (order.length != shape.length) {
            throw new IllegalArgumentException("permutation " + Arrays.toString(order) + " for rank " + shape.length);
        }
        int rank = shape.length;
        long[] outShape = new long[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = shape[order[i]];
        }
        long[] inStride = strides(shape);
        long[] outStride = strides(outShape);
        float[] out = new float[data.length];
        int[] idx = new int[rank];
        for (int flat = 0; flat < out.length; flat++) {
            long rem = flat;
            long src = 0;
            for (int i = 0; i < rank; i++) {
                idx[i] = (int) (rem / outStride[i]);
                rem %= outStride[i];
                src += idx[i] * inStride[order[i]];
            }
            out[flat] = data[(int) src];
        }
        return new Tensor(outShape, out);
    }

    public Tensor reshape(long... newShape) {
        return new Tensor(newShape, data);
    }

    private static long[] strides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
