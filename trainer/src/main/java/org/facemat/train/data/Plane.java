package org.facemat.train.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One row-major float channel (a mask or a matte) with its size, and the few operations the dataset readers need on
 * it.
 */
public record Plane(int width, int height, float[] values) {
    public Plane {
        if (values.length != width * height) {
            throw new IllegalArgumentException(values.length + " values for " + width + "x" + height);
        }
    }

    public String size() {
        return width + "x" + height;
    }

    /**
     * A matte or mask image at any bit depth, scaled so that the largest code (255, 65535) is 1: with
     * {@code alphaFirst} its alpha channel when it has one, else its first band (grey, or red of an RGB image whose
     * channels are equal).
     */
    public static Plane readImage(Path file, boolean alphaFirst) throws IOException {
        BufferedImage im = Images.read(file);
        Raster r = im.getRaster();
        int band = alphaFirst && im.getColorModel().hasAlpha() ? r.getNumBands() - 1 : 0;
        int bits = r.getSampleModel().getSampleSize(band);
        float max = (float) ((1L << bits) - 1);
        int w = im.getWidth();
        int h = im.getHeight();
        int[] px = r.getSamples(0, 0, w, h, band, (int[]) null);
        float[] out = new float[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = px[i] / max;
        }
        return new Plane(w, h, out);
    }

    /**
     * Bilinear resampling with pixel centres at i + 0.5 in both grids (edge samples repeated), used to bring masks
     * drawn at a lower resolution up to their image.
     */
    public Plane resize(int dw, int dh) {
        if (dw == width && dh == height) {
            return new Plane(width, height, values.clone());
        }
        float[] out = new float[dw * dh];
        double sx = (double) width / dw;
        double sy = (double) height / dh;
        for (int y = 0; y < dh; y++) {
            double fy = Math.max(0, Math.min(height - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(height - 1, y0 + 1);
            float ty = (float) (fy - y0);
            for (int x = 0; x < dw; x++) {
                double fx = Math.max(0, Math.min(width - 1, (x + 0.5) * sx - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(width - 1, x0 + 1);
                float tx = (float) (fx - x0);
                float top = values[y0 * width + x0] * (1 - tx) + values[y0 * width + x1] * tx;
                float bot = values[y1 * width + x0] * (1 - tx) + values[y1 * width + x1] * tx;
                out[y * dw + x] = top * (1 - ty) + bot * ty;
            }
        }
        return new Plane(dw, dh, out);
    }

    /** Separable Gaussian blur (kernel radius ceil(3 sigma), edge samples repeated); sigma 0 returns a copy. */
    public Plane gaussian(double sigma) {
        if (sigma <= 0) {
            return new Plane(width, height, values.clone());
        }
        int rad = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * rad + 1];
        double sum = 0;
        for (int i = -rad; i <= rad; i++) {
            k[i + rad] = (float) Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += k[i + rad];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        float[] tmp = new float[values.length];
        float[] out = new float[values.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int i = -rad; i <= rad; i++) {
                    int xx = Math.max(0, Math.min(width - 1, x + i));
                    acc += k[i + rad] * values[y * width + xx];
                }
                tmp[y * width + x] = acc;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float acc = 0;
                for (int i = -rad; i <= rad; i++) {
                    int yy = Math.max(0, Math.min(height - 1, y + i));
                    acc += k[i + rad] * tmp[yy * width + x];
                }
                out[y * width + x] = acc;
            }
        }
        return new Plane(width, height, out);
    }

    /** The box of the pixels above {@code threshold}, in this plane's pixels, or null when there are none. */
    public FaceBox boxAbove(float threshold) {
        int x0 = width;
        int y0 = height;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (values[y * width + x] > threshold) {
                    x0 = Math.min(x0, x);
                    x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new FaceBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }
}
