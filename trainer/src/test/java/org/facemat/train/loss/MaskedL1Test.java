package org.facemat.train.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class MaskedL1Test {

    @Test
    void onlyPixelsInsideTheMaskCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(1, 1, 2, 2);
            NDArray pred = m.create(new float[] {0.1f, 0.9f, 0.5f, 0.0f}, s);
            NDArray gt = m.create(new float[] {0.0f, 0.0f, 1.0f, 1.0f}, s);
            NDArray mask = m.create(new float[] {1f, 0f, 1f, 0f}, s);
            // (0.1 + 0.5) / 2
            assertEquals(0.3f, MaskedL1.loss(pred, gt, mask).getFloat(), 1e-6f);
            // anything outside the mask may change freely
            NDArray pred2 = m.create(new float[] {0.1f, -7f, 0.5f, 42f}, s);
            assertEquals(0.3f, MaskedL1.loss(pred2, gt, mask).getFloat(), 1e-6f);
        }
    }

    @Test
    void anEmptyMaskGivesZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pred = m.randomUniform(0f, 1f, new Shape(1, 1, 32, 32));
            NDArray gt = m.zeros(new Shape(1, 1, 32, 32));
            float v = MaskedL1.loss(pred, gt, gt.zerosLike()).getFloat();
            assertEquals(0f, v);
        }
    }

    @Test
    void theUnknownBandIsTrimapHalf() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray trimap = m.create(new float[] {0f, 0.5f, 1f, 0.5f});
            assertArrayEquals(new float[] {0f, 1f, 0f, 1f}, MaskedL1.unknownBand(trimap).toFloatArray());
        }
    }
}
