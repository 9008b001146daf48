package org.facemat.train.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.facemat.image.Plane;

/** PNG/JPEG reading and writing of planar float images through javax.imageio. */
public final class Images {
    private Images() {
    }

    public static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": file missing");
        }
        BufferedImage im = ImageIO.read(file.toFile());
        if (im == null) {
            throw new IOException(file + ": not a readable image");
        }
        return im;
    }

    /**
     * A matte or mask image at any bit depth as a plane, scaled so that the largest code (255, 65535) is 1: with
     * {@code alphaFirst} its alpha channel when it has one, else its first band (grey, or red of an RGB image whose
     * channels are equal).
     */
    public static Plane readPlane(Path file, boolean alphaFirst) throws IOException {
        BufferedImage im = read(file);
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

    /** Width and height from the file's header, without decoding the pixels. */
    public static int[] size(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": file missing");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> it = in == null ? null : ImageIO.getImageReaders(in);
            if (it == null || !it.hasNext()) {
                throw new IOException(file + ": not a readable image");
            }
            ImageReader r = it.next();
            try {
                r.setInput(in);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        }
    }

    /** An 8-bit grey label: 0 -> 0.0, 255 -> 1.0. */
    public static float[] readGrey(Path file, int expectW, int expectH) throws IOException {
        BufferedImage im = read(file);
        if (im.getWidth() != expectW || im.getHeight() != expectH) {
            throw new IOException(file + ": label is " + im.getWidth() + "x" + im.getHeight() + ", expected "
                    + expectW + "x" + expectH);
        }
        Raster r = im.getRaster();
        if (r.getNumBands() != 1 || r.getSampleModel().getSampleSize(0) != 8) {
            throw new IOException(file + ": label is not an 8-bit grey PNG");
        }
        int w = im.getWidth();
        int h = im.getHeight();
        int[] px = r.getPixels(0, 0, w, h, (int[]) null);
        float[] out = new float[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = px[i] / 255f;
        }
        return out;
    }

    /** Planar RGB in [0,1] of any image ImageIO reads (alpha ignored). */
    public static float[] readRgb(BufferedImage im) {
        int w = im.getWidth();
        int h = im.getHeight();
        int n = w * h;
        int[] argb = im.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[3 * n];
        for (int i = 0; i < n; i++) {
            int p = argb[i];
            out[i] = ((p >> 16) & 255) / 255f;
            out[n + i] = ((p >> 8) & 255) / 255f;
            out[2 * n + i] = (p & 255) / 255f;
        }
        return out;
    }

    /** Straight alpha in [0,1] (1 everywhere for images without alpha). */
    public static float[] readAlpha(BufferedImage im) {
        int w = im.getWidth();
        int h = im.getHeight();
        int[] argb = im.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[w * h];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((argb[i] >>> 24) & 255) / 255f;
        }
        return out;
    }

    static int to8(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }

    /** A grey 8-bit image of a row-major [0,1] plane. */
    public static BufferedImage grey(float[] plane, int w, int h) {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = to8(plane[i]);
        }
        im.getRaster().setPixels(0, 0, w, h, px);
        return im;
    }

    /** An 8-bit RGB image of planar [0,1] RGB. */
    public static BufferedImage rgb(float[] rgb, int w, int h) {
        int n = w * h;
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = (to8(rgb[i]) << 16) | (to8(rgb[n + i]) << 8) | to8(rgb[2 * n + i]);
        }
        im.setRGB(0, 0, w, h, px, 0, w);
        return im;
    }

    public static void writePng(BufferedImage im, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(im, "png", file.toFile())) {
            throw new IOException(file + ": no PNG writer");
        }
    }
}
