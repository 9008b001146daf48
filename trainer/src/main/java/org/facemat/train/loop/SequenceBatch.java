package org.facemat.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.DataType;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.facemat.model.ModelContract;
import org.facemat.train.synth.Sample;

/**
 * A batch of synthesized sequences as arrays: frame t of every sequence, and the targets as [B,T,1,S,S].
 *
 * <p>The batch owns the memory of its arrays. DJL's PyTorch engine makes an array from Java data by borrowing a
 * direct buffer it does not keep; autograd reads inputs and targets again in the backward pass (the first
 * convolution's weight gradient, the L1 gradient), so a garbage collection between forward and backward would let it
 * read freed memory. Keep the batch reachable until after the optimiser step ({@link #release}).
 */
final class SequenceBatch {
    private final List<ByteBuffer> owned = new ArrayList<>();
    final int batch;
    final int frames;
    final int size;
    private final List<Sample> samples;
    private final NDManager manager;

    SequenceBatch(List<Sample> samples, NDManager manager) {
        this.samples = samples;
        this.manager = manager;
        this.batch = samples.size();
        this.frames = samples.get(0).frames();
        this.size = samples.get(0).size();
    }

    /** Frame t of every sequence, [B,3,S,S]. */
    NDArray rgb(int t) {
        int plane = size * size * 3;
        float[] a = new float[batch * plane];
        for (int b = 0; b < batch; b++) {
            float[] f = samples.get(b).rgb()[t];
            System.arraycopy(f, 0, a, b * plane, plane);
        }
        return create(a, new Shape(batch, 3, size, size));
    }

    /** The landmark prior of frame t of every sequence, [B,1,S,S]; PRIOR_UNKNOWN where a sample has none. */
    NDArray prior(int t) {
        int plane = size * size;
        float[] a = new float[batch * plane];
        for (int b = 0; b < batch; b++) {
            float[][] p = samples.get(b).prior();
            if (p == null) {
                java.util.Arrays.fill(a, b * plane, (b + 1) * plane, ModelContract.PRIOR_UNKNOWN);
            } else {
                System.arraycopy(p[t], 0, a, b * plane, plane);
            }
        }
        return create(a, new Shape(batch, 1, size, size));
    }

    NDArray gt() {
        return planes(true);
    }

    NDArray trimap() {
        return planes(false);
    }

    private NDArray planes(boolean gt) {
        int plane = size * size;
        float[] a = new float[batch * frames * plane];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < frames; t++) {
                float[] f = gt ? samples.get(b).gt()[t] : samples.get(b).trimap()[t];
                System.arraycopy(f, 0, a, (b * frames + t) * plane, plane);
            }
        }
        return create(a, new Shape(batch, frames, 1, size, size));
    }

    private NDArray create(float[] values, Shape shape) {
        ByteBuffer b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(values);
        owned.add(b);
        return manager.create(b, shape, DataType.FLOAT32);
    }

    /** Call after the optimiser step: until then the arrays' memory must stay. */
    void release() {
        Reference.reachabilityFence(owned);
        owned.clear();
    }

    /** How many sequences have an occluder. */
    int occluded() {
        int n = 0;
        for (Sample s : samples) {
            n += s.occluded() ? 1 : 0;
        }
        return n;
    }
}
