package org.facemat.train.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResumableAdamTest {

    private static ResumableAdam adam() {
        return new ResumableAdam(0.5f, 0.999f, 1e-8f, Map.of("id-a", "a", "id-b", "b"),
                Map.of("id-a", 1e-2f, "id-b", 1e-3f));
    }

    @Test
    void firstStepIsTheLearningRateTimesTheGradientSign() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, 1f, 1f});
            adam().update("id-a", w, m.create(new float[] {0.3f, -2f, 0f}));
            // bias-corrected first step: m/sqrt(v) = g/|g|
            assertArrayEquals(new float[] {0.99f, 1.01f, 1f}, w.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void elementRatesReplaceTheParametersRateWhereGivenAndTheFactorStillApplies() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResumableAdam a = new ResumableAdam(0.5f, 0.999f, 1e-8f, Map.of("id-a", "a"), Map.of("id-a", 1e-2f),
                    Map.of("a", new float[] {1e-2f, 0.5f, 0f}));
            a.setRateFactor(0.5f);
            NDArray w = m.create(new float[] {1f, 1f, 1f});
            a.update("id-a", w, m.create(new float[] {0.3f, -2f, 1f}));
            assertArrayEquals(new float[] {0.995f, 1.25f, 1f}, w.toFloatArray(), 1e-6f);
            NDArray wrong = m.create(new float[] {1f, 1f});
            assertThrows(IllegalStateException.class, () -> a.update("id-a", wrong, m.create(new float[] {1f, 1f})));
        }
    }

    @Test
    void theRateFactorScalesTheStep() {
        try (NDManager m = NDManager.newBaseManager()) {
            ResumableAdam a = adam();
            a.setRateFactor(0.25f);
            NDArray w = m.create(new float[] {1f, 1f});
            a.update("id-a", w, m.create(new float[] {0.3f, -2f}));
            assertArrayEquals(new float[] {0.9975f, 1.0025f}, w.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void savedAndLoadedStateContinuesExactly() throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Random r = new Random(3);
            float[][] grads = new float[6][50];
            for (float[] g : grads) {
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) r.nextGaussian();
                }
            }
            ResumableAdam straight = adam();
            NDArray ws = m.zeros(new ai.djl.ndarray.types.Shape(50));
            NDArray wsB = m.ones(new ai.djl.ndarray.types.Shape(50));
            ResumableAdam first = adam();
            NDArray wr = m.zeros(new ai.djl.ndarray.types.Shape(50));
            NDArray wrB = m.ones(new ai.djl.ndarray.types.Shape(50));
            for (int s = 0; s < 3; s++) {
                straight.update("id-a", ws, m.create(grads[s]));
                straight.update("id-b", wsB, m.create(grads[5 - s]));
                first.update("id-a", wr, m.create(grads[s]));
                first.update("id-b", wrB, m.create(grads[5 - s]));
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            first.save(new DataOutputStream(bytes));
            ResumableAdam resumed = adam();
            resumed.load(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            NDArray wr2 = m.create(wr.toFloatArray());
            NDArray wr2B = m.create(wrB.toFloatArray());
            for (int s = 3; s < 6; s++) {
                straight.update("id-a", ws, m.create(grads[s]));
                straight.update("id-b", wsB, m.create(grads[5 - s]));
                resumed.update("id-a", wr2, m.create(grads[s]));
                resumed.update("id-b", wr2B, m.create(grads[5 - s]));
            }
            assertArrayEquals(ws.toFloatArray(), wr2.toFloatArray(), 0f);
            assertArrayEquals(wsB.toFloatArray(), wr2B.toFloatArray(), 0f);
            // and a fresh optimiser (moments lost) would not have
            ResumableAdam fresh = adam();
            NDArray wf = m.create(wr.toFloatArray());
            fresh.update("id-a", wf, m.create(grads[3]));
            straight = null;
            assertEquals(false, java.util.Arrays.equals(wf.toFloatArray(), stepFromLoaded(bytes.toByteArray(), m,
                    wr.toFloatArray(), grads[3])));
        }
    }

    private static float[] stepFromLoaded(byte[] state, NDManager m, float[] w, float[] g) throws IOException {
        ResumableAdam a = adam();
        a.load(new DataInputStream(new ByteArrayInputStream(state)));
        NDArray x = m.create(w);
        a.update("id-a", x, m.create(g));
        return x.toFloatArray();
    }

    @Test
    void refusesAForeignFile() {
        assertThrows(IOException.class, () -> adam().load(new DataInputStream(new ByteArrayInputStream(
                new byte[] {1, 2, 3, 4, 0, 0, 0, 0}))));
    }
}
