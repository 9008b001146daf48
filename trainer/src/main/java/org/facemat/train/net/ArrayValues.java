package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Replaces an array's values while keeping the Java object, so a parameter store, trainer or optimiser that holds it
 * sees the new values. {@code NDArray.set} and {@code copyTo} would do the same, but on the PyTorch engine both go
 * through a deprecated libtorch guard that prints a warning on the first call of every process; swapping in a
 * new tensor's handle does not.
 */
public final class ArrayValues {
    private ArrayValues() {
    }

    /** Gives {@code target} the values {@code values} (its length is the target's size); the gradient flag is kept. */
    public static void assign(NDArray target, float[] values) {
        Shape shape = target.getShape();
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("expected " + shape.size() + " values for " + shape + ", got "
                    + values.length);
        }
        boolean requiresGradient = target.hasGradient();
        // create() may wrap a pooled host buffer without copying; the duplicate owns its memory, so the target never
        // points into a buffer that is recycled once the first array is closed
        try (NDArray wrapped = target.getManager().create(values, shape)) {
            target.intern(wrapped.duplicate()); // target takes the copy's tensor; the copy is emptied
        }
        if (requiresGradient) {
            target.setRequiresGradient(true);
        }
    }
}
