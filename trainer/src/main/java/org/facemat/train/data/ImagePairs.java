package org.facemat.train.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.facemat.image.Plane;

/**
 * An image folder and a mask folder side by side, their files matched by stem ({@code a.jpg} with {@code a.png}), as
 * the matting and hand-mask datasets publish them. The folder names accepted for each role are given by the caller;
 * the first one present wins.
 */
final class ImagePairs {
    static final List<String> IMAGE_EXTENSIONS = List.of("jpg", "jpeg", "png");

    /** One matched pair, relative to the dataset folder. */
    record Pair(String stem, String image, String mask) {
    }

    private ImagePairs() {
    }

    /** The first of {@code names} that is a sub-folder of {@code dir} (any letter case), or null. */
    /**
     * The pairs of a set folder holding one of {@code imageFolders} and one of {@code maskFolders}; every problem is
     * one line starting with {@code what}.
     */
    static List<Pair> openSet(String what, Path dir, List<String> imageFolders, List<String> maskFolders,
                              String maskKind, String maskSuffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(what + ": folder missing (" + dir + ")");
        }
        Path images = findFolder(dir, imageFolders);
        Path masks = findFolder(dir, maskFolders);
        if (images == null) {
            throw new IOException(what + ": no image folder (one of " + imageFolders + ")");
        }
        if (masks == null) {
            throw new IOException(what + ": no " + maskKind + " folder (one of " + maskFolders + ")");
        }
        return match(what, dir, images, masks, maskSuffix);
    }

    /** An item's image and its mask (alpha or hand mask), read and checked to be the same size. */
    record Read(BufferedImage image, Plane mask) {
    }

    static Read read(String what, Path dir, Pair p) throws IOException {
        BufferedImage im = Images.read(dir.resolve(p.image()));
        Plane m = Images.readPlane(dir.resolve(p.mask()), false);
        if (m.width() != im.getWidth() || m.height() != im.getHeight()) {
            throw new IOException(what + ": " + p.mask() + " is " + m.size() + ", " + p.image() + " is "
                    + im.getWidth() + "x" + im.getHeight());
        }
        return new Read(im, m);
    }

    static Path findFolder(Path dir, List<String> names) throws IOException {
        List<Path> subs;
        try (Stream<Path> s = Files.list(dir)) {
            subs = s.filter(Files::isDirectory).sorted().toList();
        }
        for (String n : names) {
            for (Path p : subs) {
                if (p.getFileName().toString().equalsIgnoreCase(n)) {
                    return p;
                }
            }
        }
        return null;
    }

    static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }

    static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return Files.isRegularFile(p) && dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1));
    }

    /**
     * Pairs every image of {@code images} with the mask of the same stem in {@code masks} (a mask stem may end in
     * {@code maskSuffix}, e.g. {@code _mask}). An image without a mask is an error naming it; masks without an image
     * are ignored. Sorted by image name.
     */
    static List<Pair> match(String what, Path dir, Path images, Path masks, String maskSuffix) throws IOException {
        Map<String, String> maskByStem = new HashMap<>();
        try (Stream<Path> s = Files.list(masks)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (isImage(p)) {
                    String st = stem(p.getFileName().toString());
                    if (!maskSuffix.isEmpty() && st.endsWith(maskSuffix)) {
                        st = st.substring(0, st.length() - maskSuffix.length());
                    }
                    maskByStem.put(st, p.getFileName().toString());
                }
            }
        }
        List<String> names;
        try (Stream<Path> s = Files.list(images)) {
            names = s.filter(ImagePairs::isImage).map(p -> p.getFileName().toString()).sorted().toList();
        }
        if (names.isEmpty()) {
            throw new IOException(what + ": no .jpg or .png image in " + dir.relativize(images) + "/");
        }
        String imgRel = dir.relativize(images).toString().replace('\\', '/');
        String maskRel = dir.relativize(masks).toString().replace('\\', '/');
        List<Pair> out = new ArrayList<>();
        for (String n : names) {
            String m = maskByStem.get(stem(n));
            if (m == null) {
                throw new IOException(what + ": no mask for " + imgRel + "/" + n + " (expected " + maskRel + "/"
                        + stem(n) + ".png)");
            }
            out.add(new Pair(stem(n), imgRel + "/" + n, maskRel + "/" + m));
        }
        return List.copyOf(out);
    }
}
