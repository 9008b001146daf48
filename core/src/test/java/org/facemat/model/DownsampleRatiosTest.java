package org.facemat.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals("ratio 'abc' in '<=512:abc' is not a number", refused("<=512:abc,>512:0.5"));
        assertEquals("ratio 'NaN' in '>0:NaN' is not a number", refused(">0:NaN"));
        assertEquals("ratio '0x1p-2' in '>0:0x1p-2' is not a number", refused(">0:0x1p-2"));
        assertEquals("bound 'abc' in '>abc:0.5' is not a whole number of pixels", refused("<=512:1,>abc:0.5"));
        assertEquals("bound '99999999999' in '<=99999999999:0.5' is not a whole number of pixels",
                refused("<=99999999999:0.5,>0:1"));
        assertEquals("no rule for sizes above 512 (end the table with >512:ratio)", refused("<=512:1.0"));
        assertEquals("the '>N' rule '>100:0.5' must start at 512, where the largest '<=N' rule ends",
                refused("<=512:1.0,>100:0.5"));
        assertEquals("two rules for sizes up to 512", refused("<=512:1.0,<=512:0.5,>512:0.5"));
        assertEquals("two '>N' rules ('>512:0.5' and '>512:0.25'); the table has one",
                refused("<=512:1.0,>512:0.5,>512:0.25"));
        assertTrue(refused(" ").startsWith("the ratio table is empty"));
        assertTrue(refused(null).startsWith("the ratio table is empty"));
        assertEquals(0.5f, DownsampleRatios.parse(" <=512 : 1 , > 512 : .5 ").forSize(600, 100));
    }

    /** Refused with exactly IllegalArgumentException (no NumberFormatException). */
    private static String refused(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DownsampleRatios.parse(spec));
        assertEquals(IllegalArgumentException.class, e.getClass());
        return e.getMessage();
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
