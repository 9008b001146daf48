package org.facemat.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facemat.train.net.FaceMatNetwork;
import org.junit.jupiter.api.Test;

/**
 * Real training steps of the (untrained) FaceMat network with the stage-1 loss on a random 1x3x64x64 batch, two
 * frames in a row (the second frame gets the first one's recurrent states, so the temporal term is live).
 */
class TeacherLossTrainingTest {
    private static final int SIZE = 64;
    private static final int FRAMES = 2;

    /** A soft disc per frame (moving one pixel right per frame): gt [1,T,1,H,W] and its trimap. */
    private static float[][] discs() {
        float[] gt = new float[FRAMES * SIZE * SIZE];
        float[] trimap = new float[gt.length];
        for (int t = 0; t < FRAMES; t++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double r = Math.hypot(x - 30 - t, y - 32);
                    float a = (float) Math.min(1, Math.max(0, (20 - r) / 4 + 0.5));
                    int i = (t * SIZE + y) * SIZE + x;
                    gt[i] = a;
                    trimap[i] = Math.abs(r - 20) <= 6 ? 0.5f : (r < 20 ? 1f : 0f);
                }
            }
        }
        return new float[][] {gt, trimap};
    }

    private static NDArray[] forward(Trainer trainer, NDArray[] frames, boolean train) {
        List<NDArray> alphas = new ArrayList<>();
        List<NDArray> sigmas = new ArrayList<>();
        NDList states = null;
        for (NDArray src : frames) {
            NDList in = new NDList(src, src);
            if (states != null) {
                in.addAll(states);
            }
            NDList out = train ? trainer.forward(in) : trainer.evaluate(in);
            alphas.add(out.get(FaceMatNetwork.OUT_ALPHA));
            sigmas.add(out.get(FaceMatNetwork.OUT_SIGMA));
            states = new NDList(out.subNDList(FaceMatNetwork.OUT_FIRST_STATE, FaceMatNetwork.OUT_FIRST_STATE + 4));
        }
        return new NDArray[] {stack(alphas), stack(sigmas)};
    }

    private static NDArray stack(List<NDArray> perFrame) {
        // [B,1,H,W] per frame -> [B,T,1,H,W]
        return NDArrays.stack(new NDList(perFrame), 1);
    }

    @Test
    void stageOneLossTrainsTheNetwork() {
        try (Model model = Model.newInstance("facemat-loss")) {
            Engine.getInstance().setRandomSeed(7);
            FaceMatNetwork network = FaceMatNetwork.create(model.getNDManager());
            model.setBlock(network);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l1Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).optBeta1(0.5f)
                            .optBeta2(0.999f).build());
            try (Trainer trainer = model.newTrainer(config); NDManager m = trainer.getManager().newSubManager()) {
                NDArray[] frames = new NDArray[FRAMES];
                NDArray first = m.randomUniform(0f, 1f, new Shape(1, 3, SIZE, SIZE));
                for (int t = 0; t < FRAMES; t++) {
                    frames[t] = t == 0 ? first : first.add(m.randomUniform(-0.05f, 0.05f, first.getShape())).clip(0f, 1f);
                }
                float[][] d = discs();
                Shape seq = new Shape(1, FRAMES, 1, SIZE, SIZE);
                NDArray gt = m.create(d[0], seq);
                NDArray trimap = m.create(d[1], seq);
                TeacherLoss loss = new TeacherLoss();

                float before;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray[] out = forward(trainer, frames, true);
                    LossTerms terms = loss.compute(out[0], out[1], gt, trimap);
                    Map<String, Float> values = terms.values();
                    System.out.println("stage-1 loss terms before training: " + values);
                    values.forEach((k, v) -> assertTrue(Float.isFinite(v), k + " = " + v));
                    assertTrue(values.get(TeacherLoss.TEMPORAL) > 0f, "two frames: the temporal term must be live");
                    before = values.get("total");
                    gc.backward(terms.total());
                }
                List<String> zero = new ArrayList<>();
                int trainable = 0;
                for (Map.Entry<String, Parameter> e : network.namedParameters().entrySet()) {
                    Parameter p = e.getValue();
                    if (!p.requiresGradient()) {
                        continue;
                    }
                    trainable++;
                    NDArray g = p.getArray().getGradient();
                    assertNotNull(g, e.getKey());
                    float gmax = g.abs().max().getFloat();
                    assertTrue(Float.isFinite(gmax), e.getKey() + " gradient not finite");
                    if (gmax == 0f) {
                        zero.add(e.getKey());
                    }
                }
                assertEquals(network.namedParameters().size() - 2, trainable);
                assertTrue(zero.isEmpty(), "parameters without gradient: " + zero);
                trainer.step();

                float last = before;
                for (int step = 1; step < 6; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray[] out = forward(trainer, frames, true);
                        NDArray total = loss.compute(out[0], out[1], gt, trimap).total();
                        last = total.getFloat();
                        gc.backward(total);
                    }
                    trainer.step();
                }
                NDArray[] out = forward(trainer, frames, false);
                float after = loss.compute(out[0], out[1], gt, trimap).total().getFloat();
                System.out.printf("stage-1 loss: %.5f before, %.5f at step 5, %.5f after 6 Adam steps%n", before,
                        last, after);
                assertTrue(Float.isFinite(after));
                assertTrue(after < before, "six Adam steps on one batch must lower the loss: " + before + " -> "
                        + after);
            }
        }
    }
}
