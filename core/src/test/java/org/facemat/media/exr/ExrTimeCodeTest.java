package org.facemat.media.exr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExrTimeCodeTest {

    @Test
    void packsBcdFieldsAndDropFrameFlag() {
        assertEquals(0x01020304, TimeCode.parse("01:02:03:04", false).timeAndFlags());
        assertEquals(0x01020344, TimeCode.parse("01:02:03:04", true).timeAndFlags());
        assertEquals(0x23595929, TimeCode.parse("23:59:59:29").timeAndFlags());
        assertEquals(0x10000000, TimeCode.of(10, 0, 0, 0, false).timeAndFlags());
        assertEquals(0x00000039, TimeCode.of(0, 0, 0, 39, false).timeAndFlags());
    }

    @Test
    void semicolonMeansDropFrame() {
        TimeCode tc = TimeCode.parse("10:00:00;00");
        assertTrue(tc.dropFrame());
        assertFalse(TimeCode.parse("10:00:00:00").dropFrame());
        assertEquals("10:00:00;00", tc.toString());
    }

    @Test
    void unpacksWhatItPacks() {
        TimeCode tc = new TimeCode(12, 34, 56, 23, true, 0x12345678);
        assertEquals(tc, TimeCode.fromPacked(tc.timeAndFlags(), tc.userData()));
        // colour-frame, field/phase and binary-group flags are ignored on reading
        assertEquals(tc, TimeCode.fromPacked(tc.timeAndFlags() | 0x80 | 0x8000 | 0x80_0000 | 0xC000_0000,
                0x12345678));
    }

    @Test
    void rejectsInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> TimeCode.of(24, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> TimeCode.of(0, 60, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> TimeCode.of(0, 0, 0, 40, false));
        assertThrows(IllegalArgumentException.class, () -> TimeCode.parse("01:01:00;01")); // dropped label
        assertEquals("01:10:00;01", TimeCode.parse("01:10:00;01").toString()); // every tenth minute keeps it
        assertEquals("01:01:00;02", TimeCode.parse("01:01:00;02").toString());
        assertThrows(IllegalArgumentException.class, () -> TimeCode.parse("1:2:3"));
        assertThrows(IllegalArgumentException.class, () -> TimeCode.fromPacked(0x0000000A, 0)); // not BCD
    }
}
