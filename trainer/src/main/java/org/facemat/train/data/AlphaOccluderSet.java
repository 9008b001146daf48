package org.facemat.train.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.facemat.image.Plane;

/**
 * Occluders with real alpha from a matting dataset (AM-2k, SIMD and similar): an image folder and an alpha folder,
 * files matched by stem ({@code original/m_12.jpg} with {@code mask/m_12.png}). The image's colour is used as the
 * occluder's colour, the alpha PNG (grey, 8 or 16 bit) as its alpha. Index i = i-th image by name.
 */
public final class AlphaOccluderSet implements OccluderSource {
    /** Image folder names, in order of preference: a true foreground ({@code fg}) beats the original photo. */
    public static final List<String> IMAGE_FOLDERS = List.of("fg", "foreground", "original", "image", "images");
    /** Alpha folder names, in order of preference (AM-2k calls its alpha mattes {@code mask}). */
    public static final List<String> ALPHA_FOLDERS = List.of("alpha", "matte", "mask", "gt");
    /** More than this fraction of the support (alpha > 0.02) partial (0.05..0.95): flagged semi-transparent. */
    static final double SEMI_FRACTION = 0.05;

    private final Path dir;
    private final String name;
    private final List<ImagePairs.Pair> pairs;
    private final LoadCache<Occluder> cache = new LoadCache<>(32);

    private AlphaOccluderSet(Path dir, List<ImagePairs.Pair> pairs) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.pairs = pairs;
    }

    /** Opens {@code dir}, which holds one of {@link #IMAGE_FOLDERS} and one of {@link #ALPHA_FOLDERS}. */
    public static AlphaOccluderSet open(Path dir) throws IOException {
        String what = "alpha occluders " + dir.getFileName();
        return new AlphaOccluderSet(dir, ImagePairs.openSet(what, dir, IMAGE_FOLDERS, ALPHA_FOLDERS, "alpha", ""));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return pairs.size();
    }

    /** The image file of item {@code index}, relative to the set's folder. */
    public String imageFile(int index) {
        return pairs.get(index).image();
    }

    @Override
    public Occluder load(int index) throws IOException {
        Occluder o = cache.get(index);
        if (o != null) {
            return o;
        }
        ImagePairs.Pair p = pairs.get(index);
        String what = "alpha occluders " + name;
        ImagePairs.Read r = ImagePairs.read(what, dir, p);
        BufferedImage im = r.image();
        Plane a = r.mask();
        o = new Occluder(name + "/" + p.image(), a.width(), a.height(), Images.readRgb(im), a.values(),
                isSemiTransparent(a.values()), false);
        cache.put(index, o);
        return o;
    }

    /** Interior partial alpha, roughly: edge pixels count too, so thin cut-outs may be flagged. Informational. */
    static boolean isSemiTransparent(float[] alpha) {
        int support = 0;
        int partial = 0;
        for (float v : alpha) {
            if (v > 0.02f) {
                support++;
                if (v > 0.05f && v < 0.95f) {
                    partial++;
                }
            }
        }
        return support > 0 && partial > SEMI_FRACTION * support;
    }
}
