package org.facemat.media;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMPTE timecode of one frame: {@code hh:mm:ss:ff} (non-drop) or {@code hh:mm:ss;ff} (drop-frame). Drop-frame is only
 * defined for 30000/1001 and 60000/1001 (2 or 4 frame numbers dropped each minute, except every tenth). The one
 * timecode type: movies, the command line and the OpenEXR {@code timeCode} attribute (its SMPTE 12M packing,
 * {@link #packed()}) all use it.
 */
public record Timecode(int hours, int minutes, int seconds, int frame, boolean dropFrame) {
    private static final Pattern FORMAT =
            Pattern.compile("(\\d{1,2})[:;.](\\d{1,2})[:;.](\\d{1,2})([:;.,])(\\d{1,3})");

    public Timecode {
        check("hours", hours, 23);
        check("minutes", minutes, 59);
        check("seconds", seconds, 59);
        check("frame", frame, 119);
        if (dropFrame && seconds == 0 && frame < 2 && minutes % 10 != 0) {
            throw new IllegalArgumentException(String.format(
                    "%02d:%02d:%02d;%02d does not exist in drop-frame counting (frames 0 and 1 are skipped at the "
                            + "start of each minute except every tenth)", hours, minutes, seconds, frame));
        }
    }

    private static void check(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("timecode " + what + " out of range 0.." + max + ": " + value);
        }
    }

    public static Timecode of(int hours, int minutes, int seconds, int frame, boolean dropFrame) {
        return new Timecode(hours, minutes, seconds, frame, dropFrame);
    }

    /** Parses FFmpeg-style timecode text; {@code ;} (or {@code .} / {@code ,}) before the frames means drop-frame. */
    public static Timecode parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timecode (hh:mm:ss:ff): " + text);
        }
        return of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                Integer.parseInt(m.group(5)), !m.group(4).equals(":"));
    }

    /** {@code hh:mm:ss:ff}, or {@code hh:mm:ss;ff} for drop-frame. */
    public String text() {
        return String.format("%02d:%02d:%02d%s%02d", hours, minutes, seconds, dropFrame ? ";" : ":", frame);
    }

    /**
     * The frame count from 00:00:00:00 to this timecode at {@code rate} (for drop-frame, the frame numbers that are
     * skipped are not counted).
     */
    public long toFrames(FrameRate rate) {
        int base = rate.timecodeBase();
        long frames = ((hours * 3600L + minutes * 60L + seconds) * base) + frame;
        if (dropFrame) {
            int drop = dropPerMinute(rate);
            long allMinutes = hours * 60L + minutes;
            frames -= drop * (allMinutes - allMinutes / 10);
        }
        return frames;
    }

    /** The timecode {@code frames} frames after 00:00:00:00 at {@code rate}; wraps at 24 hours. */
    public static Timecode fromFrames(long frames, FrameRate rate, boolean dropFrame) {
        int base = rate.timecodeBase();
        long n = frames;
        if (dropFrame) {
            int drop = dropPerMinute(rate);
            long per10 = base * 600L - drop * 9L;
            long perMin = base * 60L - drop;
            long tens = n / per10;
            long rem = n % per10;
            n += drop * 9L * tens;
            if (rem > drop) {
                n += drop * ((rem - drop) / perMin);
            }
        }
        long day = base * 86400L;
        n = ((n % day) + day) % day;
        long totalSeconds = n / base;
        return of((int) (totalSeconds / 3600), (int) ((totalSeconds / 60) % 60), (int) (totalSeconds % 60),
                (int) (n % base), dropFrame);
    }

    /** This timecode moved on by {@code frames} frames at {@code rate}. */
    public Timecode plusFrames(long frames, FrameRate rate) {
        return fromFrames(toFrames(rate) + frames, rate, dropFrame);
    }

    private static int dropPerMinute(FrameRate rate) {
        int base = rate.timecodeBase();
        if (base % 30 != 0 || rate.denominator() != 1001) {
            throw new IllegalArgumentException("drop-frame timecode needs 30000/1001 or 60000/1001 fps, not " + rate);
        }
        return 2 * (base / 30);
    }

    /**
     * The SMPTE 12M time-and-flags word (as OpenEXR's {@code timecode} attribute stores it): BCD frame, seconds, minutes
     * and hours from the low byte up, the drop-frame flag in bit 6. The frame field holds at most 39.
     */
    public int packed() {
        if (frame > 39) {
            throw new IllegalArgumentException("timecode frame " + frame + " does not fit the SMPTE 12M frame field "
                    + "(0..39)");
        }
        int word = bcd(frame);
        if (dropFrame) {
            word |= 1 << 6;
        }
        return word | bcd(seconds) << 8 | bcd(minutes) << 16 | bcd(hours) << 24;
    }

    /** Reads a time-and-flags word; the colour-frame, field/phase and binary-group flags are ignored. */
    public static Timecode fromPacked(int timeAndFlags) {
        int frame = unbcd(timeAndFlags & 0x3F, "frame");
        boolean drop = (timeAndFlags & (1 << 6)) != 0;
        int seconds = unbcd((timeAndFlags >>> 8) & 0x7F, "seconds");
        int minutes = unbcd((timeAndFlags >>> 16) & 0x7F, "minutes");
        int hours = unbcd((timeAndFlags >>> 24) & 0x3F, "hours");
        return of(hours, minutes, seconds, frame, drop);
    }

    private static int bcd(int v) {
        return ((v / 10) << 4) | (v % 10);
    }

    private static int unbcd(int v, String what) {
        int units = v & 0xF;
        if (units > 9) {
            throw new IllegalArgumentException("timecode " + what + " is not BCD: 0x" + Integer.toHexString(v));
        }
        return (v >>> 4) * 10 + units;
    }

    @Override
    public String toString() {
        return text();
    }
}
