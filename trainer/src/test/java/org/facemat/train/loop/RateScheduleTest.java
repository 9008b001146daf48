package org.facemat.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateScheduleTest {
    @Test
    void constantIsOneThroughout() {
        for (long s = 0; s < 100; s += 7) {
            assertEquals(1f, RateSchedule.CONSTANT.factor(s, 100));
        }
    }

    @Test
    void cosineWarmsUpLinearlyThenFallsToTheFloorAtTheLastStep() {
        RateSchedule r = new RateSchedule(RateSchedule.Kind.COSINE, 10, 0.1f);
        assertEquals(0.1f, r.factor(0, 110), 1e-7);
        assertEquals(0.5f, r.factor(4, 110), 1e-7);
        assertEquals(1f, r.factor(9, 110), 1e-7);
        assertEquals(1f, r.factor(10, 110), 1e-7); // first step after the warm-up: the full rate
        // half way through the decay (step 10 + 99/2): floor + (1 - floor) / 2
        assertEquals(0.55f, r.factor(10 + 99 / 2, 110), 0.01);
        assertEquals(0.1f, r.factor(109, 110), 1e-6); // the last update is made at the floor
        float previous = 2f;
        for (long s = 10; s < 110; s++) {
            float f = r.factor(s, 110);
            assertTrue(f <= previous, "falls monotonically after the warm-up, step " + s);
            previous = f;
        }
    }
}
