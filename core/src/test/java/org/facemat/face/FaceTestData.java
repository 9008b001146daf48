package org.facemat.face;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.facemat.model.ModelLoadException;

/** The shipped face models and the shared data's images, ovals and labels, as the face tests read them. */
final class FaceTestData {
    private static final String FOLDER = "core/src/main/resources/models";

    private FaceTestData() {
    }

    /** The shipped face models, found from the test's working folder (the module's or the project's). */
    static FaceModels shipped() throws ModelLoadException {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve(FOLDER))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(FOLDER + " not found above " + Path.of("").toAbsolutePath());
        }
        return FaceModels.in(p.resolve(FOLDER));
    }

    /** A picture of known size: planar RGB in [0,1]. */
    record Picture(float[] rgb, int height, int width) {
    }

    static Picture rgb(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException(file + ": not an image");
        }
        int w = img.getWidth();
        int h = img.getHeight();
        float[] rgb = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                rgb[y * w + x] = ((p >> 16) & 0xff) / 255f;
                rgb[h * w + y * w + x] = ((p >> 8) & 0xff) / 255f;
                rgb[2 * h * w + y * w + x] = (p & 0xff) / 255f;
            }
        }
        return new Picture(rgb, h, w);
    }

    /** An 8-bit greyscale label, 0..255 to [0,1]. */
    static float[] grey(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        int w = img.getWidth();
        int h = img.getHeight();
        float[] g = new float[h * w];
        var raster = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                g[y * w + x] = raster.getSample(x, y, 0) / 255f;
            }
        }
        return g;
    }

    /** oval.csv: frame number to the 36 oval points (x, y pairs). */
    static Map<Integer, float[]> ovals(Path csv) throws IOException {
        Map<Integer, float[]> out = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            float[] ring = new float[f.length - 1];
            for (int i = 1; i < f.length; i++) {
                ring[i - 1] = Float.parseFloat(f[i]);
            }
            out.put(Integer.parseInt(f[0]), ring);
        }
        return out;
    }

    /** Distance between the eye centres (mean of 33/133 and of 263/362): the face's scale. */
    static double interOcular(Landmarks l) {
        double rx = 0.5 * (l.x(33) + l.x(133));
        double ry = 0.5 * (l.y(33) + l.y(133));
        double lx = 0.5 * (l.x(263) + l.x(362));
        double ly = 0.5 * (l.y(263) + l.y(362));
        return Math.hypot(lx - rx, ly - ry);
    }

    /** IoU of two mattes thresholded at 0.5, and their mean absolute difference. */
    static double[] iouAndMeanDiff(float[] a, float[] b) {
        long inter = 0;
        long union = 0;
        double diff = 0;
        for (int i = 0; i < a.length; i++) {
            boolean x = a[i] >= 0.5f;
            boolean y = b[i] >= 0.5f;
            inter += x && y ? 1 : 0;
            union += x || y ? 1 : 0;
            diff += Math.abs(a[i] - b[i]);
        }
        return new double[] {union == 0 ? 1 : (double) inter / union, diff / a.length};
    }

    static float[] times(float[] a, float[] b) {
        float[] p = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            p[i] = a[i] * b[i];
        }
        return p;
    }
}
