package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The MobileNetV3 activations, written as the RVM graph computes them. */
final class Activations {
    private Activations() {
    }

    static NDArray relu6(NDArray x) {
        return x.clip(0f, 6f);
    }

    /** {@code x * relu6(x + 3) / 6}. */
    static NDArray hardswish(NDArray x) {
        return x.mul(1f / 6f).mul(relu6(x.add(3f)));
    }

    /** {@code relu6(x + 3) / 6}. */
    static NDArray hardsigmoid(NDArray x) {
        return relu6(x.add(3f)).mul(1f / 6f);
    }

    static NDArray activate(NDArray x, boolean hardswish) {
        return hardswish ? hardswish(x) : Activation.relu(x);
    }
}
