package org.facemat.train.net;

import org.facemat.train.nd.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/** Axis helpers for NCHW maps. */
final class Channels {
    private Channels() {
    }

    /** Concatenation along the channel axis (1). */
    static NDArray concat(NDArray... parts) {
        return ai.djl.ndarray.NDArrays.concat(new NDList(parts), 1);
    }

    /** Mean over H and W, kept as [B,C,1,1] (DJL's PyTorch mean takes a single axis, sum takes several). */
    static NDArray spatialMean(NDArray x) {
        Shape s = x.getShape();
        return Scalars.times(x.sum(new int[] {2, 3}, true), 1f / (s.get(2) * s.get(3)));
    }
}
