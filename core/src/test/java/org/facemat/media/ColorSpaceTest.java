package org.facemat.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The colour spaces against reference values from their published documents:
 * <ul>
 *   <li>IEC 61966-2-1:1999 (sRGB): the transfer function and its RGB to XYZ matrix, printed to 4 decimals;</li>
 *   <li>Academy S-2014-004 (ACEScg): the AP1 to XYZ matrix, printed to 10 decimals;</li>
 *   <li>ARRI, "ALEXA Log C Curve - Usage in VFX" (2012): LogC3 at EI 800, 18% grey at 0.391 (0.3910068 with the
 *       published constants), and the ARRI Wide Gamut 3 to XYZ matrix, printed to 6 decimals;</li>
 *   <li>Sony, "Technical Summary for S-Gamut3.Cine/S-Log3 and S-Gamut3/S-Log3": 18% grey at code 420 of 1023, 0 at
 *       code 95, and the S-Gamut3.Cine to XYZ matrix (Sony's matrix sheet, printed to 8 decimals here).</li>
 * </ul>
 */
class ColorSpaceTest {
    static final double MATRIX_TOLERANCE = 1e-4;

    @Test
    void srgbCurveAsIec61966() {
        ColorSpace s = ColorSpace.SRGB;
        assertEquals(0.0, s.encode(0.0), 0);
        assertEquals(1.0, s.encode(1.0), 1e-12);
        // the linear toe: 12.92 x up to 0.0031308, i.e. code 0.04045
        assertEquals(0.04045, s.encode(0.0031308), 1e-6);
        assertEquals(0.0031308, s.decode(0.04045), 1e-7);
        // 18% grey encodes to 0.4614 (1.055 * 0.18^(1/2.4) - 0.055)
        assertEquals(0.46135612950044164, s.encode(0.18), 1e-12);
        assertEquals(0.18, s.decode(0.46135612950044164), 1e-12);
        assertEquals(-s.encode(0.5), s.encode(-0.5), 0, "negative values mirrored");
    }

    @Test
    void logC3Ei800AsArriWhitePaper() {
        ColorSpace l = ColorSpace.LOGC3;
        // 18% grey -> 0.391 (white paper); 0.3910068 with the EI 800 constants
        assertEquals(0.391, l.encode(0.18), 5e-4);
        assertEquals(0.3910068, l.encode(0.18), 1e-6);
        assertEquals(0.18, l.decode(0.391006832034084), 1e-9);
        // black: the linear segment gives f = 0.092809
        assertEquals(0.092809, l.encode(0.0), 1e-9);
        assertEquals(0.0, l.decode(0.092809), 1e-9);
        // continuous at the cut (x = 0.010591)
        assertEquals(l.encode(0.010591 - 1e-9), l.encode(0.010591 + 1e-9), 1e-5);
    }

    @Test
    void sLog3AsSonyTechnicalSummary() {
        ColorSpace s = ColorSpace.SLOG3;
        assertEquals(420.0 / 1023, s.encode(0.18), 1e-9);
        assertEquals(0.4105, s.encode(0.18), 1e-4);
        assertEquals(95.0 / 1023, s.encode(0.0), 1e-9);
        assertEquals(0.0929, s.encode(0.0), 1e-4);
        assertEquals(0.18, s.decode(420.0 / 1023), 1e-9);
        assertEquals(0.0, s.decode(95.0 / 1023), 1e-9);
        // 90% white at code 598 (the summary's table: 598 of 1023 for 90% reflectance)
        assertEquals(598.0, s.encode(0.9) * 1023, 0.5);
    }

    @Test
    void roundTripsOfEveryCurve() {
        for (ColorSpace c : ColorSpace.values()) {
            if (c == ColorSpace.AUTO) {
                continue;
            }
            for (double x : new double[] {-0.01, 0, 0.001, 0.005, 0.0112, 0.18, 0.5, 1, 4, 16}) {
                if (c.isLog() && x < 0) {
                    continue;
                }
                assertEquals(x, c.decode(c.encode(x)), 1e-9 * Math.max(1, Math.abs(x)), c + " at " + x);
            }
        }
    }

    @Test
    void primariesMatricesAsPublished() {
        // IEC 61966-2-1 (4 decimals)
        assertMatrix(new double[] {
            0.4124, 0.3576, 0.1805,
            0.2126, 0.7152, 0.0722,
            0.0193, 0.1192, 0.9505}, ColorSpace.SRGB.toXyz(), 1e-4 + 5e-5, "sRGB to XYZ");
        // S-2014-004
        assertMatrix(new double[] {
            0.6624541811, 0.1340042065, 0.1561876870,
            0.2722287168, 0.6740817658, 0.0536895174,
            -0.0055746495, 0.0040607335, 1.0103391003}, ColorSpace.ACESCG.toXyz(), MATRIX_TOLERANCE, "AP1 to XYZ");
        // ARRI (6 decimals)
        assertMatrix(new double[] {
            0.638008, 0.214704, 0.097744,
            0.291954, 0.823841, -0.115795,
            0.002798, -0.067034, 1.153294}, ColorSpace.LOGC3.toXyz(), MATRIX_TOLERANCE, "AWG3 to XYZ");
        // Sony
        assertMatrix(new double[] {
            0.59908392, 0.24892552, 0.10244649,
            0.21507582, 0.88506850, -0.10014432,
            -0.03206585, -0.02765839, 1.14878199}, ColorSpace.SLOG3.toXyz(), MATRIX_TOLERANCE,
                "S-Gamut3.Cine to XYZ");
    }

    @Test
    void conversionsToRec709() {
        // the linear spaces on Rec.709 primaries: identity
        assertMatrix(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, ColorSpace.LINEAR.toRec709(), 1e-12, "linear");
        // ACEScg to linear Rec.709 with Bradford adaptation from the ACES white to D65 (the matrix of the ACES
        // OpenColorIO configurations, "ACEScg" to "Linear Rec.709 (sRGB)")
        assertMatrix(new double[] {
            1.70505, -0.62179, -0.08326,
            -0.13026, 1.14080, -0.01055,
            -0.02400, -0.12897, 1.15297}, ColorSpace.ACESCG.toRec709(), 1e-4, "ACEScg to Rec.709");
        // every matrix keeps white white (rows sum to 1): the white points map onto each other
        for (ColorSpace c : new ColorSpace[] {ColorSpace.ACESCG, ColorSpace.LOGC3, ColorSpace.SLOG3}) {
            double[] m = c.toRec709();
            for (int r = 0; r < 3; r++) {
                assertEquals(1.0, m[3 * r] + m[3 * r + 1] + m[3 * r + 2], 1e-9, c + " row " + r);
            }
        }
    }

    @Test
    void networkInputOfEachSpace() {
        int area = 1;
        float[] out = new float[3];
        // sRGB values pass (clamped); NaN -> 0
        ColorSpace.SRGB.toNetwork(new float[] {0.25f, 1.5f, Float.NaN}, out, area);
        assertEquals(0.25f, out[0], 0);
        assertEquals(1f, out[1], 0);
        assertEquals(0f, out[2], 0);
        // linear: the sRGB curve, clamped
        ColorSpace.LINEAR.toNetwork(new float[] {0.18f, 4f, -1f}, out, area);
        assertEquals(0.46135613f, out[0], 1e-6);
        assertEquals(1f, out[1], 0);
        assertEquals(0f, out[2], 0);
        // grey in each camera space: the same grey in sRGB (white points map to D65 white)
        float grey = (float) ColorSpace.SRGB.encode(0.18);
        for (ColorSpace c : new ColorSpace[] {ColorSpace.ACESCG, ColorSpace.LOGC3, ColorSpace.SLOG3}) {
            float code = (float) c.encode(0.18);
            c.toNetwork(new float[] {code, code, code}, out, area);
            for (int k = 0; k < 3; k++) {
                assertEquals(grey, out[k], 1e-5, c + " grey channel " + k);
            }
        }
        // ACEScg pure green is outside Rec.709: red and blue clamp at 0
        ColorSpace.ACESCG.toNetwork(new float[] {0f, 0.5f, 0f}, out, area);
        assertEquals(0f, out[0], 0);
        assertTrue(out[1] > 0.7f);
        assertEquals(0f, out[2], 0);
    }

    @Test
    void sceneLinearPlateKeepsValuesAboveOne() {
        float[] v = {2.5f, -0.25f, 0.18f};
        float[] out = new float[3];
        ColorSpace.LINEAR.toSceneLinear(v, out, 3);
        assertEquals(2.5f, out[0], 0);
        assertEquals(-0.25f, out[1], 0);
        ColorSpace.LOGC3.toSceneLinear(new float[] {0.391006832f, 0.9f, 0.092809f}, out, 3);
        assertEquals(0.18f, out[0], 1e-6);
        assertTrue(out[1] > 20f, "LogC3 0.9 is far above 1 (" + out[1] + ")");
        assertEquals(0f, out[2], 1e-6);
    }

    @Test
    void autoResolvesFromTheSource() {
        assertSame(ColorSpace.LINEAR, ColorSpace.AUTO.resolve(true));
        assertSame(ColorSpace.SRGB, ColorSpace.AUTO.resolve(false));
        assertSame(ColorSpace.ACESCG, ColorSpace.ACESCG.resolve(false));
        Frame f = new Frame(0, 1, 1, new float[] {0.18f, 0.18f, 0.18f}, true);
        assertEquals(0.46135613f, ColorSpace.AUTO.toNetwork(f)[0], 1e-6);
    }

    @Test
    void parseNamesTheAllowedValues() {
        assertSame(ColorSpace.SLOG3, ColorSpace.parse("SLog3"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ColorSpace.parse("rec2020"));
        assertEquals("bad --colorspace 'rec2020' (auto, srgb, linear, acescg, logc3 or slog3)", e.getMessage());
    }

    @Test
    void chromaticitiesOfEachSpace() {
        assertEquals(0.713f, ColorSpace.ACESCG.chromaticities().redX(), 0);
        assertEquals(0.32168f, ColorSpace.ACESCG.chromaticities().whiteX(), 0);
        assertEquals(0.684f, ColorSpace.LOGC3.chromaticities().redX(), 0);
        assertEquals(-0.087f, ColorSpace.SLOG3.chromaticities().blueY(), 0);
        assertEquals(0.3127f, ColorSpace.LINEAR.chromaticities().whiteX(), 0);
    }

    static void assertMatrix(double[] expected, double[] actual, double tol, String what) {
        for (int i = 0; i < 9; i++) {
            assertEquals(expected[i], actual[i], tol, what + " [" + i / 3 + "][" + i % 3 + "]");
        }
    }
}
