package org.facemat.media;

import java.util.Locale;
import org.facemat.media.exr.Chromaticities;

/**
 * The colour space of a source's RGB values, and the one conversion from it to what the network was trained on:
 * display-referred sRGB-encoded Rec.709 in [0, 1].
 *
 * <p>Each space is a transfer curve (to scene-linear) and a set of primaries with a white point. The conversion to
 * the network's input ({@link #toNetwork}) decodes the curve to scene-linear, converts the primaries to Rec.709 with
 * a 3x3 matrix derived from the published chromaticities ({@link #toRec709()}; Bradford chromatic adaptation where
 * the white points differ, i.e. ACEScg's ACES white to D65), encodes with the sRGB curve and clamps to [0, 1] (NaN to
 * 0). The plate written back into an EXR ({@link #toSceneLinear}) is the curve decoded only: scene-linear in the
 * space's own primaries.
 *
 * <p>Sources of the constants:
 * <ul>
 *   <li>{@link #SRGB}, {@link #LINEAR}: IEC 61966-2-1:1999 (sRGB transfer function; ITU-R BT.709 primaries, D65).</li>
 *   <li>{@link #ACESCG}: Academy S-2014-004 (ACEScg), AP1 primaries, ACES white point (0.32168, 0.33767).</li>
 *   <li>{@link #LOGC3}: ARRI, "ALEXA Log C Curve - Usage in VFX" (2012), LogC3 curve at EI 800 (SUP 3.x), and ARRI
 *       Wide Gamut 3 primaries, D65.</li>
 *   <li>{@link #SLOG3}: Sony, "Technical Summary for S-Gamut3.Cine/S-Log3 and S-Gamut3/S-Log3" (V1.0), S-Log3 curve
 *       and S-Gamut3.Cine primaries, D65.</li>
 * </ul>
 */
public enum ColorSpace {
    /** Whatever the source is taken for by default: {@link #LINEAR} for float OpenEXR, {@link #SRGB} otherwise. */
    AUTO("auto", null, null),
    /** sRGB/Rec.709 display encoding (the network's own input space). */
    SRGB("srgb", Primaries.REC709, Curve.SRGB),
    /** Scene-linear, Rec.709 primaries, D65. */
    LINEAR("linear", Primaries.REC709, Curve.LINEAR),
    /** ACEScg: scene-linear, ACES AP1 primaries, ACES white. */
    ACESCG("acescg", Primaries.AP1, Curve.LINEAR),
    /** ARRI LogC3 at EI 800, ARRI Wide Gamut 3. */
    LOGC3("logc3", Primaries.AWG3, Curve.LOGC3),
    /** Sony S-Log3, S-Gamut3.Cine. */
    SLOG3("slog3", Primaries.SGAMUT3_CINE, Curve.SLOG3);

    private final String id;
    private final Primaries primaries;
    private final Curve curve;
    private volatile float[] toRec709;

    ColorSpace(String id, Primaries primaries, Curve curve) {
        this.id = id;
        this.primaries = primaries;
        this.curve = curve;
    }

    /** The name on the command line ({@code --colorspace}). */
    public String id() {
        return id;
    }

    /** The names {@link #parse} takes, for messages. */
    public static String names() {
        StringBuilder b = new StringBuilder();
        ColorSpace[] all = values();
        for (int i = 0; i < all.length; i++) {
            b.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].id);
        }
        return b.toString();
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static ColorSpace parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ColorSpace c : values()) {
            if (c.id.equals(n)) {
                return c;
            }
        }
        throw new IllegalArgumentException("bad --colorspace '" + name + "' (" + names() + ")");
    }

    /** This space, or for {@link #AUTO} what a source is taken for: linear when it holds scene-linear floats. */
    public ColorSpace resolve(boolean sceneLinearSource) {
        if (this != AUTO) {
            return this;
        }
        return sceneLinearSource ? LINEAR : SRGB;
    }

    /** {@link #resolve(boolean)} for a decoded frame. */
    public ColorSpace resolve(Frame frame) {
        return resolve(frame.sceneLinear());
    }

    /** Whether the curve is a camera log encoding (the EXR plate is then the decoded, scene-linear values). */
    public boolean isLog() {
        return curve == Curve.LOGC3 || curve == Curve.SLOG3;
    }

    /** A short description for plans and logs, e.g. {@code acescg (scene-linear, ACES AP1, ACES white)}. */
    public String describe() {
        return switch (this) {
            case AUTO -> "auto";
            case SRGB -> "srgb (sRGB-encoded Rec.709)";
            case LINEAR -> "linear (scene-linear Rec.709)";
            case ACESCG -> "acescg (scene-linear ACES AP1, ACES white)";
            case LOGC3 -> "logc3 (ARRI LogC3 EI 800, ARRI Wide Gamut 3)";
            case SLOG3 -> "slog3 (Sony S-Log3, S-Gamut3.Cine)";
        };
    }

    /** The primaries and white point of the space's RGB (for the EXR {@code chromaticities} attribute). */
    public Chromaticities chromaticities() {
        requireConcrete();
        return primaries.chromaticities;
    }

    /** The space's curve decoded: code value to scene-linear (identity for the linear spaces). */
    public double decode(double v) {
        requireConcrete();
        return curve.decode(v);
    }

    /** The space's curve: scene-linear to code value (identity for the linear spaces). */
    public double encode(double x) {
        requireConcrete();
        return curve.encode(x);
    }

    /** The 3x3 matrix (row-major) from the space's linear RGB to CIE XYZ, derived from its chromaticities. */
    public double[] toXyz() {
        requireConcrete();
        return rgbToXyz(primaries.chromaticities);
    }

    /**
     * The 3x3 matrix (row-major) from the space's scene-linear RGB to scene-linear Rec.709 (D65): RGB to XYZ, Bradford
     * adaptation of the white point to D65 when it differs, XYZ to Rec.709.
     */
    public double[] toRec709() {
        requireConcrete();
        double[] m = rgbToXyz(primaries.chromaticities);
        Chromaticities c = primaries.chromaticities;
        Chromaticities d65 = Primaries.REC709.chromaticities;
        if (c.whiteX() != d65.whiteX() || c.whiteY() != d65.whiteY()) {
            m = multiply(bradford(c.whiteX(), c.whiteY(), d65.whiteX(), d65.whiteY()), m);
        }
        return multiply(invert(rgbToXyz(d65)), m);
    }

    private float[] toRec709f() {
        float[] m = toRec709;
        if (m == null) {
            double[] d = toRec709();
            m = new float[9];
            for (int i = 0; i < 9; i++) {
                m[i] = (float) d[i];
            }
            toRec709 = m;
        }
        return m;
    }

    private void requireConcrete() {
        if (this == AUTO) {
            throw new IllegalStateException("resolve AUTO against the source first");
        }
    }

    /**
     * Converts planar RGB ({@code area} values per plane, R then G then B) in this space to the network's input,
     * sRGB-encoded Rec.709 in [0, 1] (NaN to 0). {@code src} and {@code dst} may be the same array.
     */
    public void toNetwork(float[] src, float[] dst, int area) {
        requireConcrete();
        int g = area;
        int b = 2 * area;
        if (this == SRGB) {
            for (int i = 0; i < 3 * area; i++) {
                dst[i] = clamp01(src[i]);
            }
            return;
        }
        if (this == LINEAR) {
            for (int i = 0; i < 3 * area; i++) {
                dst[i] = linearToSrgb(src[i]);
            }
            return;
        }
        float[] m = toRec709f();
        for (int i = 0; i < area; i++) {
            float r = (float) curve.decode(src[i]);
            float gg = (float) curve.decode(src[g + i]);
            float bb = (float) curve.decode(src[b + i]);
            dst[i] = linearToSrgb(m[0] * r + m[1] * gg + m[2] * bb);
            dst[g + i] = linearToSrgb(m[3] * r + m[4] * gg + m[5] * bb);
            dst[b + i] = linearToSrgb(m[6] * r + m[7] * gg + m[8] * bb);
        }
    }

    /** The network's input for a decoded frame ({@link #AUTO} resolved against it), in a new array. */
    public float[] toNetwork(Frame frame) {
        float[] dst = new float[frame.rgb().length];
        resolve(frame).toNetwork(frame.rgb(), dst, frame.width() * frame.height());
        return dst;
    }

    /**
     * Decodes the space's curve: planar RGB to scene-linear values in the space's own primaries, unclamped (the sRGB
     * curve is extended to negative values by symmetry). {@code src} and {@code dst} may be the same array.
     */
    public void toSceneLinear(float[] src, float[] dst, int n) {
        requireConcrete();
        if (curve == Curve.LINEAR) {
            if (src != dst) {
                System.arraycopy(src, 0, dst, 0, n);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            dst[i] = (float) curve.decode(src[i]);
        }
    }

    /** The sRGB transfer function (IEC 61966-2-1) applied to a linear value, clamped to [0, 1] (NaN to 0). */
    public static float linearToSrgb(float v) {
        if (!(v > 0f)) {
            return 0f;
        }
        if (v >= 1f) {
            return 1f;
        }
        if (v <= 0.0031308f) {
            return v * 12.92f;
        }
        return (float) (1.055 * Math.pow(v, 1 / 2.4) - 0.055);
    }

    private static float clamp01(float v) {
        return v > 0f ? (v < 1f ? v : 1f) : 0f; // NaN goes to 0
    }

    /** Transfer curves: code value to scene-linear and back. */
    private enum Curve {
        LINEAR {
            @Override
            double decode(double v) {
                return v;
            }

            @Override
            double encode(double x) {
                return x;
            }
        },
        /** IEC 61966-2-1, extended to negative values by symmetry. */
        SRGB {
            @Override
            double decode(double v) {
                double a = Math.abs(v);
                double x = a <= 0.04045 ? a / 12.92 : Math.pow((a + 0.055) / 1.055, 2.4);
                return Math.copySign(x, v);
            }

            @Override
            double encode(double x) {
                double a = Math.abs(x);
                double v = a <= 0.0031308 ? a * 12.92 : 1.055 * Math.pow(a, 1 / 2.4) - 0.055;
                return Math.copySign(v, x);
            }
        },
        /**
         * ARRI LogC3, EI 800, "linear scene exposure factor" (ARRI, ALEXA Log C Curve - Usage in VFX, 2012, table for
         * SUP 3.x): t = c log10(a x + b) + d for x > cut, else e x + f.
         */
        LOGC3 {
            static final double CUT = 0.010591;
            static final double A = 5.555556;
            static final double B = 0.052272;
            static final double C = 0.247190;
            static final double D = 0.385537;
            static final double E = 5.367655;
            static final double F = 0.092809;

            @Override
            double decode(double t) {
                return t > E * CUT + F ? (Math.pow(10, (t - D) / C) - B) / A : (t - F) / E;
            }

            @Override
            double encode(double x) {
                return x > CUT ? C * Math.log10(A * x + B) + D : E * x + F;
            }
        },
        /**
         * Sony S-Log3 (Technical Summary for S-Gamut3.Cine/S-Log3, V1.0), in code values / 1023:
         * y = (420 + log10((x + 0.01) / 0.19) * 261.5) / 1023 for x >= 0.01125, else
         * (x (171.2102946929 - 95) / 0.01125 + 95) / 1023.
         */
        SLOG3 {
            static final double BREAK = 171.2102946929;

            @Override
            double decode(double y) {
                double code = y * 1023.0;
                return code >= BREAK ? Math.pow(10, (code - 420.0) / 261.5) * (0.18 + 0.01) - 0.01
                        : (code - 95.0) * 0.01125 / (BREAK - 95.0);
            }

            @Override
            double encode(double x) {
                double code = x >= 0.01125 ? 420.0 + Math.log10((x + 0.01) / (0.18 + 0.01)) * 261.5
                        : x * (BREAK - 95.0) / 0.01125 + 95.0;
                return code / 1023.0;
            }
        };

        abstract double decode(double v);

        abstract double encode(double x);
    }

    /** Published chromaticities of each set of primaries. */
    private enum Primaries {
        /** ITU-R BT.709 / IEC 61966-2-1, D65. */
        REC709(Chromaticities.REC709),
        /** ACES AP1 (S-2014-004), ACES white point. */
        AP1(new Chromaticities(0.713f, 0.293f, 0.165f, 0.830f, 0.128f, 0.044f, 0.32168f, 0.33767f)),
        /** ARRI Wide Gamut 3 (ARRI, ALEXA Log C Curve - Usage in VFX), D65. */
        AWG3(new Chromaticities(0.6840f, 0.3130f, 0.2210f, 0.8480f, 0.0861f, -0.1020f, 0.3127f, 0.3290f)),
        /** S-Gamut3.Cine (Sony technical summary), D65. */
        SGAMUT3_CINE(new Chromaticities(0.766f, 0.275f, 0.225f, 0.800f, 0.089f, -0.087f, 0.3127f, 0.3290f));

        final Chromaticities chromaticities;

        Primaries(Chromaticities c) {
            this.chromaticities = c;
        }
    }

    // ---- matrices (row-major 3x3 in double[9]) ----

    /** The normalised primary matrix (SMPTE RP 177): linear RGB to XYZ with Y of white = 1. */
    static double[] rgbToXyz(Chromaticities c) {
        // the chromaticities are given as decimal literals: go through their decimal text to undo float rounding
        double rx = d(c.redX());
        double ry = d(c.redY());
        double gx = d(c.greenX());
        double gy = d(c.greenY());
        double bx = d(c.blueX());
        double by = d(c.blueY());
        double wx = d(c.whiteX());
        double wy = d(c.whiteY());
        double[] p = {
            rx / ry, gx / gy, bx / by,
            1, 1, 1,
            (1 - rx - ry) / ry, (1 - gx - gy) / gy, (1 - bx - by) / by};
        double[] w = {wx / wy, 1, (1 - wx - wy) / wy};
        double[] s = apply(invert(p), w);
        return new double[] {
            p[0] * s[0], p[1] * s[1], p[2] * s[2],
            p[3] * s[0], p[4] * s[1], p[5] * s[2],
            p[6] * s[0], p[7] * s[1], p[8] * s[2]};
    }

    private static double d(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    /** The Bradford cone response matrix (Lam 1985; as in CIECAM97s). */
    private static final double[] BRADFORD = {
        0.8951, 0.2664, -0.1614,
        -0.7502, 1.7135, 0.0367,
        0.0389, -0.0685, 1.0296};

    /** The von Kries adaptation in Bradford cone space of XYZ from white (sx, sy) to white (dx, dy). */
    static double[] bradford(double sx, double sy, double dx, double dy) {
        double[] src = apply(BRADFORD, new double[] {d((float) sx) / d((float) sy), 1,
                (1 - d((float) sx) - d((float) sy)) / d((float) sy)});
        double[] dst = apply(BRADFORD, new double[] {d((float) dx) / d((float) dy), 1,
                (1 - d((float) dx) - d((float) dy)) / d((float) dy)});
        double[] scale = {dst[0] / src[0], 0, 0, 0, dst[1] / src[1], 0, 0, 0, dst[2] / src[2]};
        return multiply(invert(BRADFORD), multiply(scale, BRADFORD));
    }

    static double[] multiply(double[] a, double[] b) {
        double[] r = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
            }
        }
        return r;
    }

    static double[] apply(double[] m, double[] v) {
        return new double[] {
            m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
            m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
            m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
    }

    static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double ca = e * i - f * h;
        double cb = -(d * i - f * g);
        double cc = d * h - e * g;
        double det = a * ca + b * cb + c * cc;
        return new double[] {
            ca / det, -(b * i - c * h) / det, (b * f - c * e) / det,
            cb / det, (a * i - c * g) / det, -(a * f - c * d) / det,
            cc / det, -(a * h - b * g) / det, (a * e - b * d) / det};
    }
}
