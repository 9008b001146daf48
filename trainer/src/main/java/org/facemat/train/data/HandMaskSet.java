package org.facemat.train.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.facemat.image.Plane;

/**
 * Hands as occluders from a hand segmentation set (HIU style): an image folder and a binary mask folder, matched by
 * stem (the mask may be called {@code <stem>_mask.png}). The mask is made binary at half its largest code (so 0/1
 * and 0/255 masks both work) and its edge is softened with a Gaussian blur of sigma {@link #blurSigma}, as the
 * recipe softens hand masks: a hard edge would teach the network steps that real hands never show.
 */
public final class HandMaskSet implements OccluderSource {
    public static final List<String> IMAGE_FOLDERS = List.of("images", "image", "img", "rgb");
    public static final List<String> MASK_FOLDERS = List.of("masks", "mask", "hand_mask", "seg");
    public static final String MASK_SUFFIX = "_mask";

    private final Path dir;
    private final String name;
    private final List<ImagePairs.Pair> pairs;
    private final LoadCache<Occluder> cache = new LoadCache<>(32);

    private HandMaskSet(Path dir, List<ImagePairs.Pair> pairs) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.pairs = pairs;
    }

    public static HandMaskSet open(Path dir) throws IOException {
        String what = "hand masks " + dir.getFileName();
        return new HandMaskSet(dir, ImagePairs.openSet(what, dir, IMAGE_FOLDERS, MASK_FOLDERS, "mask", MASK_SUFFIX));
    }

    /**
     * The blur for an image of {@code w x h}: 0.5% of the longer side, at least 1 px. The synthesis shrinks a hand to
     * 30-70% of the face's area in a 256 px crop, so this gives about a 1 px soft edge there whatever the photo's
     * resolution.
     */
    public static double blurSigma(int w, int h) {
        return Math.max(1.0, 0.005 * Math.max(w, h));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return pairs.size();
    }

    @Override
    public Occluder load(int index) throws IOException {
        Occluder o = cache.get(index);
        if (o != null) {
            return o;
        }
        ImagePairs.Pair p = pairs.get(index);
        String what = "hand masks " + name;
        ImagePairs.Read r = ImagePairs.read(what, dir, p);
        BufferedImage im = r.image();
        Plane m = r.mask();
        float max = 0;
        for (float v : m.values()) {
            max = Math.max(max, v);
        }
        if (max <= 0) {
            throw new IOException(what + ": " + p.mask() + " is empty (no hand pixel)");
        }
        float[] bin = new float[m.values().length];
        for (int i = 0; i < bin.length; i++) {
            bin[i] = m.values()[i] >= max / 2 ? 1f : 0f;
        }
        Plane alpha = new Plane(m.width(), m.height(), bin).gaussian(blurSigma(m.width(), m.height()));
        o = new Occluder(name + "/" + p.image(), m.width(), m.height(), Images.readRgb(im), alpha.values(), false,
                false);
        cache.put(index, o);
        return o;
    }
}
