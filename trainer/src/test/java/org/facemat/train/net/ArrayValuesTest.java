package org.facemat.train.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class ArrayValuesTest {
    @Test
    void replacesValuesKeepsTheObjectAndTheGradientFlag() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {Float.NaN, 2f, 3f, 4f}, new Shape(2, 2));
            a.setRequiresGradient(true);
            NDArray held = a;
            ArrayValues.assign(a, new float[] {5f, 6f, 7f, 8f});
            for (int i = 0; i < 8; i++) { // arrays made after it must not land in its memory
                m.create(new float[] {-1f, -1f, -1f, -1f}, new Shape(2, 2)).close();
            }
            NDArray other = m.create(new float[] {-2f, -2f, -2f, -2f}, new Shape(2, 2));
            assertArrayEquals(new float[] {-2f, -2f, -2f, -2f}, other.toFloatArray());
            assertSame(held, a);
            assertArrayEquals(new float[] {5f, 6f, 7f, 8f}, a.toFloatArray()); // a NaN is replaced too
            assertEquals(new Shape(2, 2), a.getShape());
            assertTrue(a.hasGradient());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                gc.backward(a.mul(3f).sum());
            }
            assertArrayEquals(new float[] {3f, 3f, 3f, 3f}, a.getGradient().toFloatArray());
        }
    }

    @Test
    void refusesTheWrongCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ArrayValues.assign(a, new float[2]));
            assertEquals("expected 3 values for (3), got 2", e.getMessage());
        }
    }
}
