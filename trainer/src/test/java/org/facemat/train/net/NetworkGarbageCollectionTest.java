package org.facemat.train.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The network's autograd graph holds nothing a garbage collection can free: the gradients of a loss are the same
 * whether or not the JVM collects between the forward and the backward pass. (On DJL's PyTorch engine a constant
 * factor given as a Java number borrows a buffer that is released after the call; the backward pass would read it.)
 */
class NetworkGarbageCollectionTest {

    private static Map<String, float[]> gradients(boolean collect) {
        Engine.getInstance().setRandomSeed(1234); // the same weights and inputs in both runs
        try (NDManager m = NDManager.newBaseManager()) {
            FaceMatNetwork net = FaceMatNetwork.create(m);
            NDArray src = m.randomUniform(0f, 1f, new Shape(1, 3, 32, 48));
            NDArray gt = m.randomUniform(0f, 1f, new Shape(1, 1, 32, 48));
            ParameterStore ps = new ParameterStore(m, false);
            java.util.Map<String, float[]> out = new java.util.TreeMap<>();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // ratio 0.5: the working image is smaller, so the guided filter is on the path too
                NDArray small = src.get(":, :, ::2, ::2");
                NDList y = net.forward(ps, new NDList(src, small), true);
                NDArray loss = y.get(FaceMatNetwork.OUT_ALPHA).sub(gt).abs().mean()
                        .add(y.get(FaceMatNetwork.OUT_SIGMA).mean());
                if (collect) {
                    for (int i = 0; i < 3; i++) {
                        byte[][] garbage = new byte[64][];
                        for (int k = 0; k < garbage.length; k++) {
                            garbage[k] = new byte[1 << 16];
                        }
                        System.gc();
                    }
                }
                gc.backward(loss);
            }
            for (Map.Entry<String, ai.djl.nn.Parameter> e : net.namedParameters().entrySet()) {
                if (e.getValue().requiresGradient() && e.getValue().getArray().hasGradient()) {
                    out.put(e.getKey(), e.getValue().getArray().getGradient().toFloatArray());
                }
            }
            return out;
        }
    }

    @Test
    void gradientsDoNotDependOnACollectionBeforeBackward() {
        Map<String, float[]> quiet = gradients(false);
        Map<String, float[]> collected = gradients(true);
        assertTrue(quiet.size() > 100, "gradients found: " + quiet.size());
        for (Map.Entry<String, float[]> e : quiet.entrySet()) {
            float[] c = collected.get(e.getKey());
            for (float v : c) {
                assertTrue(Float.isFinite(v), e.getKey() + " has a non-finite gradient");
            }
            assertArrayEquals(e.getValue(), c, 1e-6f, e.getKey());
        }
    }
}
