package org.facemat.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.facemat.net.weights.WeightSet;
import org.facemat.train.net.FaceMatNetwork;
import org.junit.jupiter.api.Test;

class EmaTest {
    private static final List<String> SAMPLE = List.of("backbone.features.0.0.weight", "aspp.aspp1.0.weight",
            "decoder.decode0.conv.0.weight", "project_mat.conv.weight", "project_mat.conv.bias");

    @Test
    void teacherBecomesTheDecayedMixInPlace() {
        try (NDManager m = NDManager.newBaseManager()) {
            FaceMatNetwork teacher = FaceMatNetwork.create(m);
            FaceMatNetwork student = FaceMatNetwork.create(m);
            // make the two differ everywhere, including zero-initialised biases
            WeightSet sw = student.exportWeights();
            WeightSet shifted = new WeightSet();
            sw.asMap().forEach((k, v) -> {
                float[] d = v.data().clone();
                for (int i = 0; i < d.length; i++) {
                    d[i] += 0.25f;
                }
                shifted.put(k, new org.facemat.net.weights.Tensor(v.shape(), d));
            });
            student.loadWeights(shifted);
            WeightSet t0 = teacher.exportWeights();
            WeightSet s0 = student.exportWeights();
            NDArray before = teacher.namedParameters().get(SAMPLE.get(0)).getArray();
            float d = 0.9f;

            Ema.update(teacher, student, d);

            WeightSet t1 = teacher.exportWeights();
            int checked = 0;
            for (String name : t0.names()) {
                float[] tv = t0.get(name).data();
                float[] sv = s0.get(name).data();
                float[] expected = new float[tv.length];
                boolean trained = teacher.namedParameters().get(name).requiresGradient();
                for (int i = 0; i < tv.length; i++) {
                    expected[i] = trained ? d * tv[i] + (1f - d) * sv[i] : tv[i];
                }
                assertArrayEquals(expected, t1.get(name).data(), 0f, name);
                checked++;
            }
            assertEquals(t0.names().size(), checked);
            for (String name : SAMPLE) {
                assertFalse(Arrays.equals(t0.get(name).data(), t1.get(name).data()), name + " must have moved");
                assertArrayEquals(s0.get(name).data(), student.exportWeights().get(name).data(), 0f,
                        "the student is not changed");
            }
            assertSame(before, teacher.namedParameters().get(SAMPLE.get(0)).getArray(), "updated in place");
        }
    }

    @Test
    void decayOneKeepsTheTeacherAndZeroCopiesTheStudent() {
        try (NDManager m = NDManager.newBaseManager()) {
            FaceMatNetwork teacher = FaceMatNetwork.create(m);
            FaceMatNetwork student = FaceMatNetwork.create(m);
            String p = SAMPLE.get(2);
            float[] t0 = teacher.exportWeights().get(p).data();
            float[] s0 = student.exportWeights().get(p).data();
            Ema.update(teacher, student, 1f);
            assertArrayEquals(t0, teacher.exportWeights().get(p).data(), 0f);
            Ema.update(teacher, student, 0f);
            assertArrayEquals(s0, teacher.exportWeights().get(p).data(), 0f);
            assertThrows(IllegalArgumentException.class, () -> Ema.update(teacher, student, 1.5f));
        }
    }

    @Test
    void worksOnParametersThatCollectGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            FaceMatNetwork teacher = FaceMatNetwork.create(m);
            FaceMatNetwork student = FaceMatNetwork.create(m);
            teacher.namedParameters().forEach((k, v) -> {
                if (v.requiresGradient()) {
                    v.getArray().setRequiresGradient(true);
                }
            });
            String p = SAMPLE.get(3);
            float[] t0 = teacher.exportWeights().get(p).data();
            float[] s0 = student.exportWeights().get(p).data();
            Ema.update(teacher, student, 0.5f);
            float[] t1 = teacher.exportWeights().get(p).data();
            for (int i = 0; i < t0.length; i++) {
                assertEquals(0.5f * t0[i] + 0.5f * s0[i], t1[i], 0f);
            }
        }
    }
}
