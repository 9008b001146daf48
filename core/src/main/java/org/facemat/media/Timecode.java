package org.facemat.media;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMPTE timecode of one frame, as text {@code hh:mm:ss:ff} (non-drop) or {@code hh:mm:ss;ff} (drop-frame). Drop-frame
 * is only defined for 30000/1001 and 60000/1001 (2 or 4 frame numbers dropped each minute, except every tenth).
 */
public record Timecode(String text, boolean dropFrame) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,2}):(\\d{2}):(\\d{2})([:;.,])(\\d{2,3})");

    public Timecode {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timecode (hh:mm:ss:ff): " + text);
        }
    }

    /** Parses FFmpeg-style timecode text; {@code ;} (or {@code .} / {@code ,}) before the frames means drop-frame. */
    public static Timecode parse(String text) {
        String t = text.trim();
        Matcher m = FORMAT.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a timecode (hh:mm:ss:ff): " + text);
        }
        boolean drop = !m.group(4).equals(":");
        String norm = String.format("%02d:%s:%s%s%s", Integer.parseInt(m.group(1)), m.group(2), m.group(3),
                drop ? ";" : ":", m.group(5));
        return new Timecode(norm, drop);
    }

    /**
     * The frame count from 00:00:00:00 to this timecode at {@code rate} (for drop-frame, the frame numbers that are
     * skipped are not counted).
     */
    public long toFrames(FrameRate rate) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalStateException(text);
        }
        int hh = Integer.parseInt(m.group(1));
        int mm = Integer.parseInt(m.group(2));
        int ss = Integer.parseInt(m.group(3));
        int ff = Integer.parseInt(m.group(5));
        int base = rate.timecodeBase();
        long frames = ((hh * 3600L + mm * 60L + ss) * base) + ff;
        if (dropFrame) {
            int drop = dropPerMinute(rate);
            long minutes = hh * 60L + mm;
            frames -= drop * (minutes - minutes / 10);
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
        long ff = n % base;
        long totalSeconds = n / base;
        String text = String.format("%02d:%02d:%02d%s%02d", totalSeconds / 3600, (totalSeconds / 60) % 60,
                totalSeconds % 60, dropFrame ? ";" : ":", ff);
        return new Timecode(text, dropFrame);
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

    @Override
    public String toString() {
        return text;
    }
}
