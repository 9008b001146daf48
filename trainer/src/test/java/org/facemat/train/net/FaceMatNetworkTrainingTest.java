package org.facemat.train.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.weights.Tensor;
import org.facemat.train.testing.Oracle;
import org.junit.jupiter.api.Test;

/** The network as a DJL training block: gradients reach every trainable parameter and an SGD step learns. */
class FaceMatNetworkTrainingTest {

    /** A loss on both outputs: squared alpha error to a target, plus the mean sigma. */
    private static NDArray loss(NDList out, NDArray target) {
        NDArray alpha = out.get(FaceMatNetwork.OUT_ALPHA);
        NDArray sigma = out.get(FaceMatNetwork.OUT_SIGMA);
        return alpha.sub(target).square().mean().add(sigma.mean());
    }

    @Test
    void aGradientStepReachesEveryTrainableParameterAndChangesTheLoss() throws Exception {
        String name = "s_72x128_r0.5"; // the refiner path: gradients must pass the guided filter too
        Tensor src = Oracle.tensor(name, "src");
        float[] sm = FaceMatNetworkOracleTest.workingImage(src, Oracle.ratio(name));
        try (Model model = Model.newInstance("facemat")) {
            FaceMatNetwork network = FaceMatNetwork.fromRvmFile(model.getNDManager(), Oracle.modelJson(), 3);
            model.setBlock(network);
            String probe = "decoder.decode0.conv.0.weight";
            float[] loaded = network.exportWeights().get(probe).data();
            float lr = 1e-3f;
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(lr)).build());
            try (Trainer trainer = model.newTrainer(config); NDManager m = trainer.getManager().newSubManager()) {
                NDArray full = m.create(src.data(), new Shape(src.shape()));
                NDArray small = m.create(sm, new Shape(1, 3, 36, 64));
                NDList inputs = new NDList(full, small);
                // a target the RVM weights do not already meet: the reference alpha, shifted towards grey
                NDArray target = m.create(Oracle.tensor(name, "pha").data(), new Shape(1, 1, 72, 128))
                        .mul(0.6f).add(0.2f);
                Map<String, Parameter> params = network.namedParameters();
                Tensor meanBefore = network.exportWeights().get(FaceMatArchitecture.MEAN);
                float[] probeBefore = network.exportWeights().get(probe).data();
                assertArrayEquals(loaded, probeBefore, "the trainer must not re-initialise loaded weights");

                float before;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray l = loss(trainer.forward(inputs), target);
                    before = l.getFloat();
                    gc.backward(l);
                }
                List<String> zero = new ArrayList<>();
                int trainable = 0;
                for (Map.Entry<String, Parameter> e : params.entrySet()) {
                    Parameter p = e.getValue();
                    if (e.getKey().equals(FaceMatArchitecture.MEAN) || e.getKey().equals(FaceMatArchitecture.INV_STD)) {
                        assertFalse(p.requiresGradient(), e.getKey());
                        continue;
                    }
                    trainable++;
                    assertTrue(p.requiresGradient(), e.getKey());
                    NDArray g = p.getArray().getGradient();
                    assertNotNull(g, e.getKey());
                    if (g.abs().max().getFloat() == 0f) {
                        zero.add(e.getKey());
                    }
                }
                System.out.printf("gradients: %d trainable parameter tensors, %d all-zero %s%n", trainable,
                        zero.size(), zero);
                assertEquals(FaceMatArchitecture.parameterShapes(true).size() - 2, trainable);
                assertTrue(zero.isEmpty(), "parameters without gradient: " + zero);

                trainer.step();
                float after = loss(trainer.evaluate(inputs), target).getFloat();
                System.out.printf("loss before %.6f, after one SGD step (lr %g) %.6f%n", before, lr, after);
                assertTrue(after < before, "one small SGD step should lower the loss: " + before + " -> " + after);
                assertFalse(java.util.Arrays.equals(probeBefore, network.exportWeights().get(probe).data()));
                assertArrayEquals(meanBefore.data(), network.exportWeights().get(FaceMatArchitecture.MEAN).data());
            }
        }
    }

    @Test
    void aBatchGivesEachItemsOwnResult() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            FaceMatNetwork network = FaceMatNetwork.fromRvmFile(m, Oracle.modelJson(), 3);
            ParameterStore ps = new ParameterStore(m, false);
            NDList singles = new NDList();
            NDList fulls = new NDList();
            NDList smalls = new NDList();
            for (int t = 0; t < 2; t++) {
                Tensor src = Oracle.tensor("seq_r0.5_t" + t, "src");
                NDArray full = m.create(src.data(), new Shape(src.shape()));
                NDArray small = m.create(FaceMatNetworkOracleTest.workingImage(src, 0.5f), new Shape(1, 3, 36, 64));
                fulls.add(full);
                smalls.add(small);
                singles.add(network.run(ps, new NDList(full, small), false).toNDList().get(FaceMatNetwork.OUT_ALPHA));
            }
            NDList batch = network.forward(ps, new NDList(fulls.get(0).concat(fulls.get(1), 0),
                    smalls.get(0).concat(smalls.get(1), 0)), false);
            assertEquals(7, batch.size());
            NDArray alpha = batch.get(FaceMatNetwork.OUT_ALPHA);
            assertEquals(new Shape(2, 1, 72, 128), alpha.getShape());
            assertEquals(new Shape(2, 64, 3, 4), batch.get(FaceMatNetwork.OUT_FIRST_STATE + 3).getShape());
            for (int b = 0; b < 2; b++) {
                float d = Oracle.maxAbsDiff(singles.get(b).toFloatArray(), alpha.get(new NDIndex("{}:{}", b, b + 1))
                        .toFloatArray());
                assertTrue(d < 1e-4f, "batch item " + b + " differs from its single run by " + d);
            }
        }
    }
}
