package org.facemat.media.exr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facemat.media.Timecode;
import org.junit.jupiter.api.Test;

/** The OpenEXR {@code timecode} attribute: SMPTE 12M packing of the one timecode type. */
class ExrTimeCodeTest {

    @Test
    void packsBcdFieldsAndDropFrameFlag() {
        assertEquals(0x01020304, Timecode.parse("01:02:03:04").packed());
        assertEquals(0x01020344, Timecode.parse("01:02:03;04").packed());
        assertEquals(0x23595929, Timecode.parse("23:59:59:29").packed());
        assertEquals(0x10000000, Timecode.of(10, 0, 0, 0, false).packed());
        assertEquals(0x00000039, Timecode.of(0, 0, 0, 39, false).packed());
    }

    @Test
    void semicolonMeansDropFrame() {
        Timecode tc = Timecode.parse("10:00:00;00");
        assertTrue(tc.dropFrame());
        assertFalse(Timecode.parse("10:00:00:00").dropFrame());
        assertEquals("10:00:00;00", tc.toString());
    }

    @Test
    void unpacksWhatItPacks() {
        Timecode tc = Timecode.of(12, 34, 56, 23, true);
        assertEquals(tc, Timecode.fromPacked(tc.packed()));
        // colour-frame, field/phase and binary-group flags are ignored on reading
        assertEquals(tc, Timecode.fromPacked(tc.packed() | 0x80 | 0x8000 | 0x80_0000 | 0xC000_0000));
        // and the attribute carries it: written, read back
        assertEquals(tc, ExrAttribute.timeCode("timeCode", tc).asTimeCode());
    }

    @Test
    void rejectsInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> Timecode.of(24, 0, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> Timecode.of(0, 60, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> Timecode.of(0, 0, 0, 40, false).packed());
        assertThrows(IllegalArgumentException.class, () -> Timecode.parse("01:01:00;01")); // dropped label
        assertEquals("01:10:00;01", Timecode.parse("01:10:00;01").toString()); // every tenth minute keeps it
        assertEquals("01:01:00;02", Timecode.parse("01:01:00;02").toString());
        assertThrows(IllegalArgumentException.class, () -> Timecode.parse("1:2:3"));
        assertThrows(IllegalArgumentException.class, () -> Timecode.fromPacked(0x0000000A)); // not BCD
    }
}
