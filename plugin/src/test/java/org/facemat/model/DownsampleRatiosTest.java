package org.facemat.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DownsampleRatiosTest {

    @Test
    void picksTheRuleForTheLongerSide() {
        DownsampleRatios r = DownsampleRatios.parse(DownsampleRatios.DEFAULT);
        assertEquals(1.0f, r.forSize(300, 400));
        assertEquals(0.4f, r.forSize(720, 1280));
        assertEquals(0.25f, r.forSize(1080, 1920));
        assertEquals(0.125f, r.forSize(2160, 3840));
        assertEquals(0.4f, r.forSize(1280, 720)); // portrait
    }

    @Test
    void refusesBadRules() {
        assertThrows(IllegalArgumentException.class, () -> DownsampleRatios.parse("1080:0.25"));
        assertThrows(IllegalArgumentException.class, () -> DownsampleRatios.parse("<=1080:1.5"));
    }

    @Test
    void workingSizeTruncatesInFloat() {
        assertEquals(270, ModelContract.workingSize(1080, 0.25f));
        assertEquals(288, ModelContract.workingSize(720, 0.4f));
        assertEquals(33, ModelContract.workingSize(67, 0.5f));
        assertEquals(67, ModelContract.workingSize(67, 1f));
        // states halve with rounding up: 1920x1080 at 0.25 -> r1 135x240, r4 17x30
        assertEquals(135, ModelContract.stateSize(270, 0));
        assertEquals(17, ModelContract.stateSize(270, 3));
        assertEquals(30, ModelContract.stateSize(480, 3));
    }
}
