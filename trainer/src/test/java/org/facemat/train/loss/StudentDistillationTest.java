package org.facemat.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
import org.facemat.net.weights.WeightSet;
import org.facemat.train.net.FaceMatNetwork;
import org.junit.jupiter.api.Test;

/** Stage 2 on real networks: the student learns from UGKD with the teacher's sigma, then the teacher follows by EMA. */
class StudentDistillationTest {
    private static final int SIZE = 64;

    @Test
    void aUgkdStepTrainsTheStudentAndTheEmaMovesTheTeacher() {
        try (Model model = Model.newInstance("facemat-student"); NDManager teacherManager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(11);
            FaceMatNetwork student = FaceMatNetwork.create(model.getNDManager());
            model.setBlock(student);
            FaceMatNetwork teacher = FaceMatNetwork.create(teacherManager);
            teacher.loadWeights(student.exportWeights());
            ParameterStore teacherStore = new ParameterStore(teacherManager, false);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l1Loss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).optBeta1(0.5f).build());
            try (Trainer trainer = model.newTrainer(config); NDManager m = trainer.getManager().newSubManager()) {
                NDArray src = m.randomUniform(0f, 1f, new Shape(1, 3, SIZE, SIZE));
                float[] g = new float[SIZE * SIZE];
                for (int i = 0; i < g.length; i++) {
                    double r = Math.hypot(i % SIZE - 32, i / SIZE - 30);
                    g[i] = (float) Math.min(1, Math.max(0, (18 - r) / 3 + 0.5));
                }
                NDArray gt = m.create(g, new Shape(1, 1, SIZE, SIZE));
                NDArray teacherSigma = teacher.run(teacherStore, new NDList(src, src), false).sigma();
                UgkdLoss ugkd = new UgkdLoss();

                float before;
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList out = trainer.forward(new NDList(src, src));
                    LossTerms t = ugkd.compute(out.get(FaceMatNetwork.OUT_ALPHA), out.get(FaceMatNetwork.OUT_SIGMA),
                            gt, teacherSigma);
                    System.out.println("UGKD terms before training: " + t.values());
                    t.values().forEach((k, v) -> assertTrue(Float.isFinite(v), k));
                    before = t.total().getFloat();
                    gc.backward(t.total());
                }
                List<String> zero = new ArrayList<>();
                for (Map.Entry<String, Parameter> e : student.namedParameters().entrySet()) {
                    if (e.getValue().requiresGradient()
                            && e.getValue().getArray().getGradient().abs().max().getFloat() == 0f) {
                        zero.add(e.getKey());
                    }
                }
                assertTrue(zero.isEmpty(), "student parameters without gradient: " + zero);
                for (Map.Entry<String, Parameter> e : teacher.namedParameters().entrySet()) {
                    NDArray a = e.getValue().getArray();
                    if (a.hasGradient()) {
                        NDArray tg = a.getGradient();
                        assertTrue(tg == null || tg.abs().max().getFloat() == 0f, "teacher " + e.getKey()
                                + " received a gradient");
                    }
                }
                trainer.step();
                for (int step = 1; step < 4; step++) {
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(new NDList(src, src));
                        LossTerms t = ugkd.compute(out.get(FaceMatNetwork.OUT_ALPHA),
                                out.get(FaceMatNetwork.OUT_SIGMA), gt, teacherSigma);
                        gc.backward(t.total());
                    }
                    trainer.step();
                }
                NDList out = trainer.evaluate(new NDList(src, src));
                float after = ugkd.compute(out.get(FaceMatNetwork.OUT_ALPHA), out.get(FaceMatNetwork.OUT_SIGMA), gt,
                        teacherSigma).total().getFloat();
                System.out.printf("UGKD loss %.5f -> %.5f after 4 Adam steps%n", before, after);
                assertTrue(after < before, before + " -> " + after);

                WeightSet t0 = teacher.exportWeights();
                WeightSet s1 = student.exportWeights();
                Ema.update(teacher, student, Ema.DEFAULT_DECAY);
                String name = firstTrained(teacher);
                float[] expected = t0.get(name).data().clone();
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = Ema.DEFAULT_DECAY * expected[i] + (1f - Ema.DEFAULT_DECAY) * s1.get(name).data()[i];
                }
                assertArrayEquals(expected, teacher.exportWeights().get(name).data(), 0f);
                assertFalse(java.util.Arrays.equals(t0.get(name).data(), teacher.exportWeights().get(name).data()));
                assertEquals(t0.names(), teacher.exportWeights().names());
            }
        }
    }

    private static String firstTrained(FaceMatNetwork net) {
        for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
            if (e.getValue().requiresGradient()) {
                return e.getKey();
            }
        }
        throw new AssertionError("no trained parameter");
    }
}
