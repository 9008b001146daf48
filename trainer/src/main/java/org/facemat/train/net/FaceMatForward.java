package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.facemat.image.HalfPixelBilinear;
import org.facemat.model.ModelContract;

/**
 * Runs a {@link FaceMatNetwork} frame by frame from planar float arrays, carrying the recurrent states from one
 * frame to the next. The working image is made with {@link HalfPixelBilinear} at
 * {@link ModelContract#workingSize}, the product's one pre-processing path. Each frame's arrays live in a scope that
 * is closed after the frame; only the states are kept. Not thread-safe.
 */
public final class FaceMatForward implements AutoCloseable {
    private final FaceMatNetwork network;
    private final float ratio;
    private final NDManager manager;
    private final ParameterStore parameters;
    private NDList states;
    private int stateHeight;
    private int stateWidth;

    /**
     * One result.
     *
     * @param alpha  H*W, in [0,1]
     * @param sigma  H*W, >= 0
     * @param fgr    3*H*W planar RGB in [0,1]
     * @param states r1o..r4o, each planar {@link ModelContract#stateShape}, the states the next frame will use
     */
    public record Frame(int height, int width, int workingHeight, int workingWidth, float[] alpha, float[] sigma,
                        float[] fgr, float[][] states) {
    }

    /** @param ratio downsample ratio: the network works at {@code ModelContract.workingSize(H, ratio)} */
    public FaceMatForward(FaceMatNetwork network, float ratio) {
        if (!(ratio > 0f && ratio <= 1f)) {
            throw new IllegalArgumentException("ratio must be in (0, 1], got " + ratio);
        }
        this.network = network;
        this.ratio = ratio;
        this.manager = NDManager.newBaseManager();
        this.parameters = new ParameterStore(manager, false);
    }

    /**
     * Runs one frame. The states of the previous frame are used when it had the same size, else zeros.
     *
     * @param src 3*H*W planar RGB in [0,1]
     */
    public Frame next(float[] src, int height, int width) {
        return next(src, null, height, width);
    }

    /**
     * Runs one frame with a landmark prior, as the node does: the prior is brought to the working size with
     * {@link HalfPixelBilinear}, as the image is.
     *
     * @param prior H*W in [0,1], or null (no landmarks: the network sees {@link ModelContract#PRIOR_UNKNOWN});
     *              ignored by a network that takes no prior
     */
    public Frame next(float[] src, float[] prior, int height, int width) {
        if (src.length != 3 * height * width) {
            throw new IllegalArgumentException("expected 3x" + height + "x" + width + " values, got " + src.length);
        }
        if (prior != null && prior.length != height * width) {
            throw new IllegalArgumentException("expected a " + height + "x" + width + " prior, got " + prior.length
                    + " values");
        }
        int h = ModelContract.workingSize(height, ratio);
        int w = ModelContract.workingSize(width, ratio);
        if (h < 3 || w < 3) {
            throw new IllegalArgumentException("working image " + h + "x" + w + " is too small (ratio " + ratio + ")");
        }
        if (states != null && (h != stateHeight || w != stateWidth)) {
            reset();
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray full = scope.create(src, new Shape(1, 3, height, width));
            NDArray small = h == height && w == width
                    ? full
                    : scope.create(HalfPixelBilinear.resize(src, 3, height, width, h, w), new Shape(1, 3, h, w));
            NDList inputs = new NDList(full, small);
            if (states != null) {
                inputs.addAll(states);
            }
            if (prior != null && network.takesPrior()) {
                float[] priorSm = h == height && w == width ? prior
                        : HalfPixelBilinear.resize(prior, 1, height, width, h, w);
                inputs.add(scope.create(priorSm, new Shape(1, 1, h, w)));
            }
            FaceMatOutputs out = network.run(parameters, inputs, false);
            float[][] stateValues = new float[4][];
            for (int i = 0; i < 4; i++) {
                stateValues[i] = out.states().get(i).toFloatArray();
            }
            Frame frame = new Frame(height, width, h, w, out.alpha().toFloatArray(), out.sigma().toFloatArray(),
                    out.fgr().toFloatArray(), stateValues);
            NDList next = out.states();
            next.attach(manager); // survive the frame scope
            if (states != null) {
                states.close();
            }
            states = next;
            stateHeight = h;
            stateWidth = w;
            return frame;
        }
    }

    /** Forgets the states: the next frame starts from zeros (a cut, or a new clip). */
    public void reset() {
        if (states != null) {
            states.close();
            states = null;
        }
    }

    public float ratio() {
        return ratio;
    }

    @Override
    public void close() {
        reset();
        manager.close();
    }
}
