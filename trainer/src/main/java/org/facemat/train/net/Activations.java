package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import org.facemat.train.nd.Scalars;

/**
 * The MobileNetV3 activations, written as the RVM graph computes them. Constant factors go through {@link Scalars}
 * so that the backward pass never reads a collected buffer.
 */
final class Activations {
    private Activations() {
    }

    static NDArray relu6(NDArray x) {
        return x.clip(0f, 6f);
    }

    /** {@code x * relu6(x + 3) / 6}. */
    static NDArray hardswish(NDArray x) {
        return Scalars.times(x, 1f / 6f).mul(relu6(x.add(3f)));
    }

    /** {@code relu6(x + 3) / 6}. */
    static NDArray hardsigmoid(NDArray x) {
        return Scalars.times(relu6(x.add(3f)), 1f / 6f);
    }
}
