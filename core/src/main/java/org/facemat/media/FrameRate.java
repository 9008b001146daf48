package org.facemat.media;

/**
 * A frame rate as an exact fraction, e.g. 25/1 or 30000/1001. Always reduced, numerator and denominator positive.
 */
public record FrameRate(int numerator, int denominator) {
    public FrameRate {
        if (numerator <= 0 || denominator <= 0) {
            throw new IllegalArgumentException("frame rate must be positive: " + numerator + "/" + denominator);
        }
        int g = gcd(numerator, denominator);
        numerator /= g;
        denominator /= g;
    }

    /** A whole number of frames per second. */
    public static FrameRate of(int fps) {
        return new FrameRate(fps, 1);
    }

    /** Parses {@code 25}, {@code 25/1}, {@code 30000/1001} or the usual decimals 23.976, 29.97, 59.94. */
    public static FrameRate parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash >= 0) {
            return new FrameRate(Integer.parseInt(t.substring(0, slash).trim()),
                    Integer.parseInt(t.substring(slash + 1).trim()));
        }
        switch (t) {
            case "23.976", "23.98": return new FrameRate(24000, 1001);
            case "29.97": return new FrameRate(30000, 1001);
            case "47.952": return new FrameRate(48000, 1001);
            case "59.94": return new FrameRate(60000, 1001);
            case "119.88": return new FrameRate(120000, 1001);
            default: break;
        }
        if (t.contains(".")) {
            double d = Double.parseDouble(t);
            return new FrameRate((int) Math.round(d * 1000), 1000);
        }
        return of(Integer.parseInt(t));
    }

    /** Frames per second as a double. */
    public double fps() {
        return (double) numerator / denominator;
    }

    /** The whole number of frames a timecode second counts (24 for 24000/1001, 30 for 30000/1001). */
    public int timecodeBase() {
        return (int) Math.round(fps());
    }

    /** Seconds from frame 0 to frame {@code n} at this rate. */
    public double secondsAt(long n) {
        return n * (double) denominator / numerator;
    }

    @Override
    public String toString() {
        return numerator + "/" + denominator;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return Math.abs(a);
    }
}
