package org.facemat.train.unseen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OccluderKindTest {
    @Test
    void objectsByTheirSetTexturesAndNone() {
        assertEquals("none", OccluderKind.of(null));
        assertEquals("texture", OccluderKind.of("texture:brick.png"));
        assertEquals("brushes", OccluderKind.of("brushes/smoke.png"));
        assertEquals("tuxpaint/animals", OccluderKind.of("tuxpaint/animals/cat.png"));
    }

    @Test
    void aHandOrAForearmMakesAHandSampleWhateverElseIsThere() {
        assertEquals("hand", OccluderKind.of("hand:skin-patches@(10,20)"));
        assertEquals("hand", OccluderKind.of("glasses+hair+forearm:skin-patches@(1,2)+hand:skin-patches@(1,2)"));
        assertEquals("hand", OccluderKind.of("brushes/smoke.png+hand:cap13#000212"));
        assertEquals("hair", OccluderKind.of("glasses+hair"));
        assertEquals("hair", OccluderKind.of("hair"));
        assertEquals("glasses", OccluderKind.of("glasses"));
    }
}
