package org.facemat.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.facemat.train.net.FaceMatNetwork;
import org.junit.jupiter.api.Test;

class GradientsTest {
    @Test
    void zeroesEveryGradientAndLeavesNothingBehindOnTheManager() {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager m = NDManager.newBaseManager()) {
            FaceMatNetwork net = FaceMatNetwork.create(m);
            NDArray src = m.randomUniform(0f, 1f, new Shape(1, 3, 32, 32));
            ParameterStore ps = new ParameterStore(m, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDList y = net.forward(ps, new NDList(src, src), true);
                gc.backward(y.get(FaceMatNetwork.OUT_ALPHA).mean().add(y.get(FaceMatNetwork.OUT_SIGMA).mean()));
            }
            double before = sumOfAbsoluteGradients(net);
            assertTrue(before > 0, "the backward pass left gradients");

            Gradients.zero(net);
            int arrays = m.getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                Gradients.zero(net);
            }
            // the leak this guards against: one new array per parameter at every call (161 here)
            assertEquals(arrays, m.getManagedArrays().size(), "arrays on the network's manager");
            assertEquals(0.0, sumOfAbsoluteGradients(net));
        }
    }

    private static double sumOfAbsoluteGradients(FaceMatNetwork net) {
        double sum = 0;
        for (Parameter p : net.namedParameters().values()) {
            if (p.requiresGradient() && p.getArray().hasGradient()) {
                try (NDArray g = p.getArray().getGradient()) {
                    for (float v : g.toFloatArray()) {
                        sum += Math.abs(v);
                    }
                }
            }
        }
        return sum;
    }
}
