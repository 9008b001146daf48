package org.facemat.train.synth;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.facemat.image.Bilinear;
import org.facemat.image.Planar;

/**
 * Makes a training sample look like another person filmed by another camera. The shared data holds only two people;
 * a matte trained on them alone learns their faces, so every sample gets its own face shape, skin tone, light and
 * camera. All parameters are drawn up front ({@link #draw}), so a sample stays reproducible.
 *
 * <p>Use per sample, in this order: {@link #warp} on the clean face crops and skin labels (before the skin label is
 * used for anything else), {@link #recolour} on the warped face, then the occluders are composited, then
 * {@link #camera} on the composite (occluders are seen through the same lens as the face).
 *
 * @param widthScale    face width factor about the skin box centre, horizontal
 * @param jawScale      length factor of the face below {@link #JAW} of the skin box height
 * @param foreheadScale height factor of the face above {@link #FOREHEAD} of the skin box height
 * @param eyeSpacing    horizontal factor in a band around {@link #EYE_LINE} of the skin box height
 * @param angle         rotation of the whole crop about the skin box centre, radians
 * @param scale         zoom of the whole crop about the skin box centre
 * @param lumaGain      factor on the luma of skin-coloured pixels (below 1: darker skin)
 * @param cbShift       shift of Cb of skin-coloured pixels ([0, 1] units)
 * @param crShift       shift of Cr of skin-coloured pixels
 * @param wbR           white-balance gain of red (and of green, blue below)
 * @param shade         strength of the directional light falloff (0: flat)
 * @param shadeAngle    direction the light comes from, radians in the image plane
 * @param gamma         exponent on the lit image
 * @param exposure      factor after the gamma
 * @param blurSigma     Gaussian blur in pixels, 0: none
 * @param noiseSigma    sensor noise standard deviation, 0: none
 * @param jpegQuality   JPEG quality 1..100, 0: no compression
 * @param noiseSeed     seed of the sensor noise (one stream through the frames)
 */
public record IdentityVariation(double widthScale, double jawScale, double foreheadScale, double eyeSpacing,
        double angle, double scale, double lumaGain, double cbShift, double crShift, double wbR, double wbG,
        double wbB, double shade, double shadeAngle, double gamma, double exposure, double blurSigma,
        double noiseSigma, int jpegQuality, long noiseSeed) {

    /** Fractions of the skin box height (0 top, 1 bottom) the face regions are measured from. */
    static final double FOREHEAD = 0.30;
    static final double EYE_LINE = 0.40;
    static final double EYE_BAND = 0.08;
    static final double JAW = 0.62;
    /** Width of the skin chroma likelihood, [0, 1] YCbCr units. */
    static final double SKIN_SIGMA = 0.035;
    /** Probabilities of blur, noise and compression at strength 1. */
    static final double P_BLUR = 0.25;
    static final double P_NOISE = 0.35;
    static final double P_JPEG = 0.4;

    /** Every parameter at its neutral value: no change at all. */
    static IdentityVariation neutral() {
        return new IdentityVariation(1, 1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0);
    }

    /** Draws every parameter; returns null when strength <= 0 (then nothing changes). */
    public static IdentityVariation draw(double strength, SplittableRandom r) {
        if (!(strength > 0)) {
            return null;
        }
        double s = Math.min(1, strength);
        // every draw is made whatever the earlier ones gave, so the order of the stream never changes
        double width = toward(r.nextDouble(0.88, 1.12), s);
        double jaw = toward(r.nextDouble(0.88, 1.12), s);
        double forehead = toward(r.nextDouble(0.9, 1.1), s);
        double eyes = toward(r.nextDouble(0.94, 1.06), s);
        double angle = Math.toRadians(s * clamp(r.nextGaussian() * 5, -12, 12));
        double scale = toward(r.nextDouble(0.92, 1.08), s);
        double gain = r.nextDouble(0.45, 1.3);
        // darker skin is a bit redder (and so a bit less blue): Cr follows the darkening, Cb against Cr
        double dark = (1 - gain) / 0.55;
        double cr = clamp(0.02 * dark + r.nextDouble(-0.025, 0.025), -0.04, 0.04);
        double cb = clamp(-0.4 * cr + r.nextDouble(-0.02, 0.02), -0.03, 0.03);
        double wbR = toward(r.nextDouble(0.85, 1.15), s);
        double wbG = toward(r.nextDouble(0.85, 1.15), s);
        double wbB = toward(r.nextDouble(0.85, 1.15), s);
        double shade = s * r.nextDouble(0, 0.8);
        double shadeAngle = r.nextDouble(0, 2 * Math.PI);
        double gamma = Math.exp(s * r.nextDouble(Math.log(0.8), Math.log(1.25)));
        double exposure = toward(r.nextDouble(0.85, 1.15), s);
        boolean blur = r.nextDouble() < P_BLUR * s;
        double blurSigma = s * r.nextDouble(0.5, 1.5);
        boolean noise = r.nextDouble() < P_NOISE * s;
        double noiseSigma = s * r.nextDouble(0.005, 0.03);
        boolean jpeg = r.nextDouble() < P_JPEG * s;
        int quality = (int) Math.round(100 - s * (100 - r.nextInt(25, 91)));
        long noiseSeed = r.nextLong();
        return new IdentityVariation(width, jaw, forehead, eyes, angle, scale, toward(gain, s), s * cb, s * cr, wbR,
                wbG, wbB, shade, shadeAngle, gamma, exposure, blur ? blurSigma : 0, noise ? noiseSigma : 0,
                jpeg ? quality : 0, noiseSeed);
    }

    /**
     * Geometry: one smooth backward warp applied identically to every frame of faceRgb (3 channels) and skin (1
     * channel), in place, anchored at the face's skin bounding box (x0, y0, x1, y1 in crop pixels, inclusive-exclusive).
     * Nothing happens without a box.
     */
    public void warp(float[][] faceRgb, float[][] skin, int size, double x0, double y0, double x1, double y1) {
        if (!(x1 > x0 && y1 > y0)) {
            return;
        }
        int area = size * size;
        float[] sx = new float[area];
        float[] sy = new float[area];
        double cx = (x0 + x1) / 2;
        double cy = (y0 + y1) / 2;
        double hw = (x1 - x0) / 2;
        double h = y1 - y0;
        double cs = Math.cos(angle) / scale;
        double sn = Math.sin(angle) / scale;
        // backward factors: a region scaled by k forward is sampled at 1/k of the distance from its anchor
        double bw = 1 - 1 / widthScale;
        double be = 1 - 1 / eyeSpacing;
        double bj = 1 - 1 / jawScale;
        double bf = 1 - 1 / foreheadScale;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double px = x + 0.5 - cx;
                double py = y + 0.5 - cy;
                // undo the whole-crop turn and zoom first: the face's own shape is changed in its upright frame
                double qx = cx + cs * px + sn * py;
                double qy = cy - sn * px + cs * py;
                double u = (qx - cx) / hw;
                double v = (qy - y0) / h;
                // the face changes inside its box and fades out over half a box beyond it, so the shoulders and the
                // background far away stay where they were (and the warp never folds: its slopes stay small)
                double gx = fade(Math.abs(u) - 1, 1);
                double gy = fade(Math.max(-v, v - 1), 0.5);
                double band = Math.exp(-sq(v - EYE_LINE) / (2 * sq(EYE_BAND)));
                int i = y * size + x;
                sx[i] = (float) (qx - (qx - cx) * gx * (bw * gy + be * band));
                sy[i] = (float) (qy + h * gx * (bf * ramp(FOREHEAD - v) * fade(-v, 0.5)
                        - bj * ramp(v - JAW) * fade(v - 1, 0.5)));
            }
        }
        float[] tmp = new float[3 * area];
        for (int t = 0; t < faceRgb.length; t++) {
            if (fresh(faceRgb, t)) {
                resample(faceRgb[t], 3, size, sx, sy, tmp);
            }
            if (fresh(skin, t)) {
                resample(skin[t], 1, size, sx, sy, tmp);
            }
        }
    }

    private static void resample(float[] im, int channels, int size, float[] sx, float[] sy, float[] tmp) {
        int area = size * size;
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < area; i++) {
                float v = Bilinear.mixEdge(im, c * area, size, size, sx[i] - 0.5, sy[i] - 0.5);
                tmp[c * area + i] = Math.max(0f, Math.min(1f, v));
            }
        }
        System.arraycopy(tmp, 0, im, 0, channels * area);
    }

    /**
     * Skin tone: every skin-coloured pixel changes alike (neck, ears and hands too, so the label's outline never shows
     * as a colour edge). The skin colour is the mean chroma of the labelled skin (> 0.5) of frame 0 in YCbCr (BT.601);
     * a pixel takes part by the Gaussian likelihood of its chroma distance to it, and not when nearly black or white.
     */
    public void recolour(float[][] faceRgb, float[] skin0, int size) {
        int area = size * size;
        float[] f0 = faceRgb[0];
        double mcb = 0;
        double mcr = 0;
        int n = 0;
        for (int i = 0; i < area; i++) {
            if (skin0[i] > 0.5f) {
                double y = 0.299 * f0[i] + 0.587 * f0[area + i] + 0.114 * f0[2 * area + i];
                mcb += (f0[2 * area + i] - y) / 1.772;
                mcr += (f0[i] - y) / 1.402;
                n++;
            }
        }
        if (n == 0) {
            return;
        }
        mcb /= n;
        mcr /= n;
        // darkening RGB shrinks chroma too; keeping it whole would turn dark skin orange
        double chroma = Math.sqrt(lumaGain);
        for (int t = 0; t < faceRgb.length; t++) {
            if (!fresh(faceRgb, t)) {
                continue;
            }
            float[] im = faceRgb[t];
            for (int i = 0; i < area; i++) {
                double y = 0.299 * im[i] + 0.587 * im[area + i] + 0.114 * im[2 * area + i];
                double cb = (im[2 * area + i] - y) / 1.772;
                double cr = (im[i] - y) / 1.402;
                double w = Math.exp(-(sq(cb - mcb) + sq(cr - mcr)) / (2 * sq(SKIN_SIGMA)))
                        * smoothstep(0.03, 0.1, y) * (1 - smoothstep(0.9, 0.97, y));
                if (w < 1e-6) {
                    continue;
                }
                double y2 = y + w * (y * lumaGain - y);
                double cb2 = cb + w * (cb * chroma + cbShift - cb);
                double cr2 = cr + w * (cr * chroma + crShift - cr);
                double r = y2 + 1.402 * cr2;
                double b = y2 + 1.772 * cb2;
                im[i] = clamp01(r);
                im[area + i] = clamp01((y2 - 0.299 * r - 0.114 * b) / 0.587);
                im[2 * area + i] = clamp01(b);
            }
        }
    }

    /**
     * Camera and light on the finished composite, every frame alike (the noise differs per frame): white balance,
     * directional shading, gamma and exposure, then blur, sensor noise and JPEG compression where drawn.
     */
    public void camera(float[][] rgb, int size) {
        int area = size * size;
        SplittableRandom noise = new SplittableRandom(noiseSeed);
        double[] wb = {wbR, wbG, wbB};
        double dx = Math.cos(shadeAngle);
        double dy = Math.sin(shadeAngle);
        for (int t = 0; t < rgb.length; t++) {
            if (!fresh(rgb, t)) {
                continue;
            }
            float[] im = rgb[t];
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = y * size + x;
                    double light = 1 + shade * (dx * (x + 0.5 - size / 2.0) + dy * (y + 0.5 - size / 2.0)) / size;
                    for (int c = 0; c < 3; c++) {
                        double v = clamp01(im[c * area + i] * wb[c] * light);
                        im[c * area + i] = clamp01(exposure * Math.pow(v, gamma));
                    }
                }
            }
            if (blurSigma > 0) {
                Planar.gaussianSquare(im, 3, size, blurSigma);
            }
            if (noiseSigma > 0) {
                for (int i = 0; i < im.length; i++) {
                    im[i] = clamp01(im[i] + noise.nextGaussian() * noiseSigma);
                }
            }
            if (jpegQuality > 0) {
                jpeg(im, size, jpegQuality);
            }
        }
    }

    /** A short text for contact-sheet captions. */
    public String describe() {
        return String.format(Locale.ROOT, "tone %.2f cr%+.3f warp w%.2f j%.2f f%.2f e%.2f rot %.0f s%.2f shade %.2f",
                lumaGain, crShift, widthScale, jawScale, foreheadScale, eyeSpacing, Math.toDegrees(angle), scale, shade)
                + (blurSigma > 0 ? String.format(Locale.ROOT, " blur %.1f", blurSigma) : "")
                + (noiseSigma > 0 ? String.format(Locale.ROOT, " noise %.3f", noiseSigma) : "")
                + (jpegQuality > 0 ? " jpeg " + jpegQuality : "");
    }

    /** Encodes the image as a JPEG of this quality in memory and decodes it back, in place. */
    static void jpeg(float[] im, int size, int quality) {
        int area = size * size;
        int[] argb = new int[area];
        for (int i = 0; i < area; i++) {
            argb[i] = byteOf(im[i]) << 16 | byteOf(im[area + i]) << 8 | byteOf(im[2 * area + i]);
        }
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, size, size, argb, 0, size);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, null), param);
            }
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            back.getRGB(0, 0, size, size, argb, 0, size);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory JPEG failed", e);
        } finally {
            writer.dispose();
        }
        for (int i = 0; i < area; i++) {
            im[i] = (argb[i] >> 16 & 255) / 255f;
            im[area + i] = (argb[i] >> 8 & 255) / 255f;
            im[2 * area + i] = (argb[i] & 255) / 255f;
        }
    }

    /** Whether frame t is not the same array as an earlier frame (a shared array must be changed only once). */
    private static boolean fresh(float[][] frames, int t) {
        int k = 0;
        while (k < t && frames[k] != frames[t]) {
            k++;
        }
        return k == t;
    }

    private static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    /** A drawn factor moved toward 1 by the strength (0.5 halves the deviation). */
    private static double toward(double v, double s) {
        return 1 + s * (v - 1);
    }

    /** 1 for t <= 0, 0 for t >= len, a smoothstep in between. */
    private static double fade(double t, double len) {
        return 1 - smoothstep(0, len, t);
    }

    /** max(0, t) with the corner rounded over +-0.05, so the warp has no crease where a region begins. */
    private static double ramp(double t) {
        double k = 0.05;
        return t <= -k ? 0 : (t >= k ? t : sq(t + k) / (4 * k));
    }

    private static double smoothstep(double a, double b, double t) {
        double x = clamp((t - a) / (b - a), 0, 1);
        return x * x * (3 - 2 * x);
    }

    private static double sq(double v) {
        return v * v;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static float clamp01(double v) {
        return (float) Math.max(0, Math.min(1, v));
    }
}
