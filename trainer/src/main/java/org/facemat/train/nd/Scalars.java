package org.facemat.train.nd;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplication by a constant that stays valid for the backward pass. On DJL's PyTorch engine {@code x.mul(2f)}
 * wraps the number in a scalar array that borrows a Java buffer and closes it right after the call; autograd keeps
 * that scalar for the gradient of {@code x}, so once the buffer is collected the backward pass reads freed memory
 * (NaN gradients that appear after a garbage collection). Here the constant is a scalar the engine allocates itself
 * ({@code full}), attached to {@code x}'s manager. Additions and operations on detached arrays need no such care.
 */
public final class Scalars {
    private Scalars() {
    }

    public static NDArray times(NDArray x, float factor) {
        return x.mul(x.getManager().full(new Shape(), factor, x.getDataType()));
    }
}
