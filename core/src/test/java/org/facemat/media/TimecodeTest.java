package org.facemat.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimecodeTest {
    @Test
    void nonDropFrame() {
        FrameRate r = FrameRate.of(25);
        Timecode tc = Timecode.parse("01:00:00:00");
        assertFalse(tc.dropFrame());
        assertEquals(90000, tc.toFrames(r));
        assertEquals("01:00:01:05", tc.plusFrames(30, r).text());
        assertEquals("00:59:59:24", tc.plusFrames(-1, r).text());
        assertEquals("10:00:00:00", Timecode.fromFrames(900000, r, false).text());
        // 23.976 counts 24 frames per timecode second
        assertEquals(24 * 3600, Timecode.parse("01:00:00:00").toFrames(new FrameRate(24000, 1001)));
    }

    @Test
    void dropFrameAt2997() {
        FrameRate r = new FrameRate(30000, 1001);
        Timecode tc = Timecode.parse("00:01:00;02");
        assertTrue(tc.dropFrame());
        assertEquals(1800, tc.toFrames(r));
        assertEquals("00:00:59;29", tc.plusFrames(-1, r).text());
        assertEquals(107892, Timecode.parse("01:00:00;00").toFrames(r));
        assertEquals("00:10:00;00", Timecode.fromFrames(17982, r, true).text());
        for (long n = 0; n < 40000; n += 7) {
            assertEquals(n, Timecode.fromFrames(n, r, true).toFrames(r));
        }
        assertEquals("01:00:00;00", Timecode.parse("01.00.00.00".replaceFirst("\\.", ":").replaceFirst("\\.", ":"))
                .text());
        assertThrows(IllegalArgumentException.class, () -> Timecode.parse("00:01:00;02").toFrames(FrameRate.of(25)));
    }

    @Test
    void badText() {
        assertThrows(IllegalArgumentException.class, () -> Timecode.parse("1:00"));
        assertThrows(IllegalArgumentException.class, () -> Timecode.parse("garbage"));
    }

    @Test
    void frameRates() {
        assertEquals(new FrameRate(30000, 1001), FrameRate.parse("29.97"));
        assertEquals(new FrameRate(25, 1), FrameRate.parse("50/2"));
        assertEquals("24000/1001", FrameRate.parse("23.976").toString());
        assertEquals(0.04, FrameRate.of(25).secondsAt(1), 1e-12);
    }
}
