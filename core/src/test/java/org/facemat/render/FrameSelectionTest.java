package org.facemat.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class FrameSelectionTest {
    private static long[] frames(FrameSelection s) {
        return LongStream.rangeClosed(s.first(), s.last()).filter(s::contains).toArray();
    }

    @Test
    void nukeAndFarmSyntax() {
        assertEquals("[1001, 1003, 1005, 1007, 1009]", java.util.Arrays.toString(frames(
                FrameSelection.parse("1001-1010x2"))));
        FrameSelection s = FrameSelection.parse("1001-1003, 1020,1030-1032");
        assertEquals("[1001, 1002, 1003, 1020, 1030, 1031, 1032]", java.util.Arrays.toString(frames(s)));
        assertEquals(7, s.count());
        assertFalse(s.contiguous());
        assertEquals("1001-1003,1020,1030-1032", s.toString());
        assertEquals(s, FrameSelection.parse(s.toString()));
        assertTrue(FrameSelection.parse("5-9").contiguous());
        assertEquals(1050, FrameSelection.parse("1050").first());
        assertEquals(1099, FrameSelection.parse("1001-1100x2").last(), "the last frame the step lands on");
    }

    @Test
    void badTextSaysWhatIsWrong() {
        assertEquals("'10-5': the first frame is after the last",
                assertThrows(IllegalArgumentException.class, () -> FrameSelection.parse("10-5")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FrameSelection.parse("1-9x0")).getMessage()
                .contains("step"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FrameSelection.parse("1-5,4-8")).getMessage()
                .contains("overlaps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FrameSelection.parse("a-b")).getMessage()
                .contains("not S, S-E or S-ExK"));
        assertThrows(IllegalArgumentException.class, () -> FrameSelection.parse("1,,2"));
        assertThrows(IllegalArgumentException.class, () -> FrameSelection.parse("7x2"));
    }
}
