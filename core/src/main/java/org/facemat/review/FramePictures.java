package org.facemat.review;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.facemat.media.ColorSpace;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.MediaException;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrImage;
import org.facemat.media.exr.ExrReader;
import org.facemat.media.out.PreviewWriter;
import org.facemat.render.ExrPass;

/**
 * The pictures of one frame for the report: the plate with the matte outlined (the preview's matte view) and the
 * uncertainty as a heat map (its uncertainty view), each as a thumbnail and a large picture, JPEG. Pixels are
 * composed by {@link PreviewWriter} (so the report and the preview movie read the same), scaled and encoded with
 * Java2D and ImageIO.
 */
final class FramePictures implements AutoCloseable {
    /** Thumbnail width in pixels (shown at half that on the page, sharp on high-density screens). */
    static final int THUMB = 360;
    /** Largest width of a large picture. */
    static final int LARGE = 1600;

    private final ReviewSource source;
    private final FrameSource plate;
    private final ColorSpace space;
    private String plateProblem;

    /** What was drawn for one frame: file names under the image folder, or null; and why a part is missing. */
    record Drawn(String matteThumb, String matteLarge, String heatThumb, String heatLarge, String problem) {
    }

    FramePictures(ReviewSource source) {
        this.source = source;
        FrameSource p = null;
        if (source.plate() != null) {
            try {
                p = FrameSource.open(source.plate());
            } catch (MediaException e) {
                plateProblem = "the plate cannot be read (" + e.getMessage() + ")";
            }
        }
        this.plate = p;
        Map<String, String> settings = source.review().settings();
        ColorSpace s = ColorSpace.AUTO;
        if (settings != null && settings.get("colorspace") != null) {
            try {
                s = ColorSpace.parse(settings.get("colorspace"));
            } catch (IllegalArgumentException e) {
                s = ColorSpace.AUTO;
            }
        }
        this.space = s;
    }

    /** Why the plate could not be opened, or null. */
    String plateProblem() {
        return plateProblem;
    }

    /** Draws frame {@code n} into {@code folder} ({@code <n>-matte.jpg}, {@code <n>-matte-t.jpg}, ...). */
    Drawn draw(long n, Path folder) throws IOException {
        StringBuilder problem = new StringBuilder();
        float[] alpha = null;
        float[] sigma = null;
        int w = 0;
        int h = 0;
        if (source.frames() != null) {
            Path exr = source.frames().path(n);
            if (Files.isRegularFile(exr)) {
                try {
                    ExrFile f = ExrReader.read(exr);
                    ExrImage img = f.image();
                    alpha = img.channel("A").values();
                    sigma = img.channel(ExrPass.UNCERTAINTY_CHANNEL).values();
                    w = img.width();
                    h = img.height();
                } catch (IOException | RuntimeException e) {
                    problem.append(exr.getFileName()).append(": ").append(e.getMessage()).append(". ");
                    alpha = null;
                    sigma = null;
                }
            } else {
                problem.append("no EXR frame ").append(exr.getFileName()).append(". ");
            }
        }
        float[] rgb = null;
        if (plate != null) {
            try {
                if (n < plate.firstFrameNumber() || n > plate.lastFrameNumber()) {
                    problem.append("frame ").append(n).append(" is not in the plate (frames ")
                            .append(plate.firstFrameNumber()).append('-').append(plate.lastFrameNumber())
                            .append("). ");
                } else {
                    Frame f = plate.read(n);
                    if (alpha != null && (f.width() != w || f.height() != h)) {
                        problem.append("the plate is ").append(f.width()).append('x').append(f.height())
                                .append(", the matte ").append(w).append('x').append(h).append(". ");
                    } else {
                        rgb = space.toNetwork(f);
                        w = f.width();
                        h = f.height();
                    }
                }
            } catch (MediaException e) {
                problem.append(e.getMessage()).append(". ");
            }
        }
        if (alpha == null && rgb == null) {
            return new Drawn(null, null, null, null, problem.isEmpty() ? "no picture" : problem.toString().trim());
        }
        int area = w * h;
        if (rgb == null) {
            rgb = new float[3 * area]; // the matte on black
        }
        String base = Long.toString(n);
        float[] out = new float[3 * area];
        if (alpha == null) { // the plate alone: no matte to draw
            BufferedImage plateImage = image(rgb, w, h);
            String t = base + "-plate-t.jpg";
            String l = base + "-plate.jpg";
            writeJpeg(scale(plateImage, THUMB), folder.resolve(t));
            writeJpeg(scale(plateImage, LARGE), folder.resolve(l));
            return new Drawn(t, l, null, null, problem.toString().trim());
        }
        PreviewWriter.overlay(rgb, alpha, w, h, out);
        BufferedImage matte = image(out, w, h);
        PreviewWriter.uncertaintyView(rgb, sigma, w, h, out);
        BufferedImage heat = image(out, w, h);
        String[] names = {base + "-matte-t.jpg", base + "-matte.jpg", base + "-uncertainty-t.jpg",
            base + "-uncertainty.jpg"};
        writeJpeg(scale(matte, THUMB), folder.resolve(names[0]));
        writeJpeg(scale(matte, LARGE), folder.resolve(names[1]));
        writeJpeg(scale(heat, THUMB), folder.resolve(names[2]));
        writeJpeg(scale(heat, LARGE), folder.resolve(names[3]));
        return new Drawn(names[0], names[1], names[2], names[3], problem.toString().trim());
    }

    /** Planar RGB in [0, 1] as an 8-bit image. */
    static BufferedImage image(float[] rgb, int w, int h) {
        int area = w * h;
        int[] px = new int[area];
        for (int i = 0; i < area; i++) {
            px[i] = (to8(rgb[i]) << 16) | (to8(rgb[area + i]) << 8) | to8(rgb[2 * area + i]);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, w, h, px, 0, w);
        return img;
    }

    /**
     * The picture at most {@code maxWidth} wide: halved step by step, then one bilinear step to the size, so a
     * large reduction keeps the detail that one bilinear step would skip.
     */
    static BufferedImage scale(BufferedImage src, int maxWidth) {
        if (src.getWidth() <= maxWidth) {
            return src;
        }
        int tw = maxWidth;
        int th = Math.max(1, Math.round((float) src.getHeight() * tw / src.getWidth()));
        BufferedImage cur = src;
        while (cur.getWidth() / 2 >= tw) {
            cur = resize(cur, cur.getWidth() / 2, Math.max(1, cur.getHeight() / 2));
        }
        return resize(cur, tw, th);
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage dst = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    static void writeJpeg(BufferedImage img, Path file) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
        if (!it.hasNext()) {
            throw new IOException(file + ": no JPEG writer in this Java runtime");
        }
        ImageWriter writer = it.next();
        try (java.io.OutputStream os = Files.newOutputStream(file);
             ImageOutputStream out = ImageIO.createImageOutputStream(os)) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.9f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
    }

    private static int to8(float v) {
        float c = v < 0 ? 0 : (v > 1 ? 1 : v);
        return Math.round(c * 255f);
    }

    @Override
    public void close() {
        if (plate != null) {
            plate.close();
        }
    }
}
