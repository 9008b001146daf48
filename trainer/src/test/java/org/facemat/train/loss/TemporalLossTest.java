package org.facemat.train.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class TemporalLossTest {

    @Test
    void aConstantOffsetOverTimeCostsNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray gt = m.randomUniform(0f, 1f, new Shape(2, 3, 1, 16, 16));
            NDArray pred = gt.add(0.3f);
            assertEquals(0f, TemporalLoss.loss(pred, gt).getFloat(), 1e-6f);
            assertEquals(0f, TemporalLoss.loss(pred, gt, gt.onesLike()).getFloat(), 1e-6f);
        }
    }

    @Test
    void handValue() {
        try (NDManager m = NDManager.newBaseManager()) {
            Shape s = new Shape(1, 2, 1, 2, 2);
            // frame 0 all zero; frame 1: pred rises by 0.5 at pixel 0, gt by 0.2 -> (0.3)^2 = 0.09 at one pixel
            NDArray pred = m.create(new float[] {0, 0, 0, 0, 0.5f, 0, 0, 0}, s);
            NDArray gt = m.create(new float[] {0, 0, 0, 0, 0.2f, 0, 0, 0}, s);
            // unmasked: 5 * 0.09 / 4
            assertEquals(0.1125f, TemporalLoss.loss(pred, gt).getFloat(), 1e-6f);
            // pixel 0 unknown only in frame 0, pixel 1 only in frame 1: the union holds both -> 5 * 0.09 / 2
            NDArray mask = m.create(new float[] {1, 0, 0, 0, 0, 1, 0, 0}, s);
            assertEquals(0.225f, TemporalLoss.loss(pred, gt, mask).getFloat(), 1e-6f);
            // pixel 0 in neither frame: ignored
            NDArray other = m.create(new float[] {0, 1, 0, 0, 0, 1, 0, 0}, s);
            assertEquals(0f, TemporalLoss.loss(pred, gt, other).getFloat(), 1e-7f);
            // empty mask
            assertEquals(0f, TemporalLoss.loss(pred, gt, mask.zerosLike()).getFloat(), 1e-7f);
        }
    }

    @Test
    void oneFrameGivesZero() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(0f, 1f, new Shape(1, 1, 1, 8, 8));
            assertEquals(0f, TemporalLoss.loss(a, a.zerosLike()).getFloat());
        }
    }
}
