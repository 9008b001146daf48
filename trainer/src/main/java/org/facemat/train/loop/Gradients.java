package org.facemat.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import org.facemat.train.net.FaceMatNetwork;

/** The network's gradients between optimiser steps. */
final class Gradients {
    private Gradients() {
    }

    /**
     * Sets every trained parameter's gradient to zero. DJL's gradient collector clears only the arrays it tracks, not
     * weights loaded into the network, so without this each update would use the sum of all earlier gradients.
     * {@code getGradient()} hands out a new array on the parameter's manager at each call: it is closed here, or every
     * step would leave one array per parameter behind for the rest of the run.
     */
    static void zero(FaceMatNetwork net) {
        for (Parameter p : net.namedParameters().values()) {
            NDArray a = p.getArray();
            if (p.requiresGradient() && a.hasGradient()) {
                try (NDArray g = a.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }
}
