package org.facemat.media.exr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SMPTE 12M time code as the OpenEXR {@code timecode} attribute stores it: a 32-bit "time and flags" word (BCD
 * hours, minutes, seconds and frames plus the drop-frame flag) and a 32-bit user-data word (the eight 4-bit binary
 * groups).
 *
 * <p>Packing of the time-and-flags word (60 Hz television layout, the one OpenEXR stores): bits 0-3 frame units,
 * 4-5 frame tens, 6 drop frame, 7 colour frame, 8-11 seconds units, 12-14 seconds tens, 15 field/phase, 16-19
 * minutes units, 20-22 minutes tens, 23 binary group flag 0, 24-27 hours units, 28-29 hours tens, 30-31 binary group
 * flags 1 and 2. This class writes the colour-frame, field/phase and binary-group flags as 0 and ignores them on
 * reading. The frame field holds 0..39 (two bits of tens).
 *
 * @param hours 0..23
 * @param minutes 0..59
 * @param seconds 0..59
 * @param frame 0..39
 * @param dropFrame the drop-frame flag (29.97 fps NTSC counting)
 * @param userData the user-data word, stored as is
 */
public record TimeCode(int hours, int minutes, int seconds, int frame, boolean dropFrame, int userData) {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,2})[:;.](\\d{1,2})[:;.](\\d{1,2})([:;.])(\\d{1,2})");

    public TimeCode {
        check("hours", hours, 23);
        check("minutes", minutes, 59);
        check("seconds", seconds, 59);
        check("frame", frame, 39);
        if (dropFrame && seconds == 0 && frame < 2 && minutes % 10 != 0) {
            throw new IllegalArgumentException(String.format(
                    "%02d:%02d:%02d;%02d does not exist in drop-frame counting (frames 0 and 1 are skipped at the "
                            + "start of each minute except every tenth)", hours, minutes, seconds, frame));
        }
    }

    private static void check(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("time code " + what + " out of range 0.." + max + ": " + value);
        }
    }

    /** A time code without user data. */
    public static TimeCode of(int hours, int minutes, int seconds, int frame, boolean dropFrame) {
        return new TimeCode(hours, minutes, seconds, frame, dropFrame, 0);
    }

    /**
     * Parses {@code hh:mm:ss:ff}. The separators may be ':', ';' or '.'; the drop-frame flag comes from the argument.
     */
    public static TimeCode parse(String text, boolean dropFrame) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a time code (hh:mm:ss:ff): '" + text + "'");
        }
        return of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(5)), dropFrame);
    }

    /** Parses {@code hh:mm:ss:ff} (non-drop frame) or {@code hh:mm:ss;ff} (drop frame, the usual notation). */
    public static TimeCode parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a time code (hh:mm:ss:ff or hh:mm:ss;ff): '" + text + "'");
        }
        return parse(text, m.group(4).equals(";"));
    }

    /** The packed time-and-flags word. */
    public int timeAndFlags() {
        int word = bcd(frame);
        if (dropFrame) {
            word |= 1 << 6;
        }
        word |= bcd(seconds) << 8;
        word |= bcd(minutes) << 16;
        word |= bcd(hours) << 24;
        return word;
    }

    /**
     * Unpacks the two words of a {@code timecode} attribute. Colour-frame, field/phase and binary-group flags are
     * ignored.
     *
     * @throws IllegalArgumentException when a field is not a valid BCD number in range
     */
    public static TimeCode fromPacked(int timeAndFlags, int userData) {
        int frame = unbcd(timeAndFlags & 0x3F, "frame");
        boolean drop = (timeAndFlags & (1 << 6)) != 0;
        int seconds = unbcd((timeAndFlags >>> 8) & 0x7F, "seconds");
        int minutes = unbcd((timeAndFlags >>> 16) & 0x7F, "minutes");
        int hours = unbcd((timeAndFlags >>> 24) & 0x3F, "hours");
        return new TimeCode(hours, minutes, seconds, frame, drop, userData);
    }

    private static int bcd(int v) {
        return ((v / 10) << 4) | (v % 10);
    }

    private static int unbcd(int v, String what) {
        int units = v & 0xF;
        if (units > 9) {
            throw new IllegalArgumentException("time code " + what + " is not BCD: 0x" + Integer.toHexString(v));
        }
        return (v >>> 4) * 10 + units;
    }

    /** {@code hh:mm:ss:ff}, or {@code hh:mm:ss;ff} when drop frame. */
    @Override
    public String toString() {
        return String.format("%02d:%02d:%02d%s%02d", hours, minutes, seconds, dropFrame ? ";" : ":", frame);
    }
}
