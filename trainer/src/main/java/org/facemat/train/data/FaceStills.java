package org.facemat.train.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled stills {@code faces/stills/}: {@code images/<name>.(jpg|png)}, {@code skin/<stem>.png} and
 * {@code faces.csv} ({@code image, width, height, face_x, face_y, face_w, face_h, ...}).
 */
public final class FaceStills implements FaceSource {
    private final Path dir;
    private final List<String> images;
    private final List<FaceBox> boxes;
    private final List<int[]> sizes;

    private FaceStills(Path dir, List<String> images, List<FaceBox> boxes, List<int[]> sizes) {
        this.dir = dir;
        this.images = images;
        this.boxes = boxes;
        this.sizes = sizes;
    }

    static String stem(String file) {
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }

    public static FaceStills open(Path dir) throws IOException {
        String what = "faces/" + dir.getFileName();
        if (!Files.isDirectory(dir)) {
            throw new IOException(what + ": folder missing (" + dir + ")");
        }
        Csv csv = Csv.read(dir.resolve("faces.csv"), what, "image", "width", "height", "face_x", "face_y", "face_w",
                "face_h");
        List<String> images = new ArrayList<>();
        List<FaceBox> boxes = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        for (int r = 0; r < csv.rows.size(); r++) {
            String[] row = csv.rows.get(r);
            String img = csv.get(row, "image");
            if (!Files.isRegularFile(dir.resolve("images").resolve(img))) {
                throw new IOException(what + ": images/" + img + " missing (listed in faces.csv)");
            }
            String skin = stem(img) + ".png";
            if (!Files.isRegularFile(dir.resolve("skin").resolve(skin))) {
                throw new IOException(what + ": skin/" + skin + " missing for image " + img);
            }
            images.add(img);
            boxes.add(new FaceBox(csv.num(row, "face_x", r), csv.num(row, "face_y", r), csv.num(row, "face_w", r),
                    csv.num(row, "face_h", r)));
            sizes.add(new int[] {(int) csv.num(row, "width", r), (int) csv.num(row, "height", r)});
        }
        if (images.isEmpty()) {
            throw new IOException(what + ": faces.csv lists no image");
        }
        return new FaceStills(dir, images, boxes, sizes);
    }

    @Override
    public String name() {
        return dir.getFileName().toString();
    }

    @Override
    public int size() {
        return images.size();
    }

    @Override
    public boolean isClip() {
        return false;
    }

    @Override
    public String itemName(int index) {
        return stem(images.get(index));
    }

    /** The stem up to its first '_': {@code franck_01829} shows franck (as the franck clip does). */
    @Override
    public String identity(int index) {
        String stem = itemName(index);
        int u = stem.indexOf('_');
        return u > 0 ? stem.substring(0, u) : stem;
    }

    @Override
    public FaceBox box(int index) {
        return boxes.get(index);
    }

    @Override
    public FaceSample read(int index) throws IOException {
        String img = images.get(index);
        String what = "faces/" + name();
        BufferedImage im = Images.read(dir.resolve("images").resolve(img));
        int[] sz = sizes.get(index);
        if (im.getWidth() != sz[0] || im.getHeight() != sz[1]) {
            throw new IOException(what + ": images/" + img + " is " + im.getWidth() + "x" + im.getHeight()
                    + ", faces.csv says " + sz[0] + "x" + sz[1]);
        }
        float[] skin;
        try {
            skin = Images.readGrey(dir.resolve("skin").resolve(stem(img) + ".png"), im.getWidth(), im.getHeight());
        } catch (IOException e) {
            throw new IOException(what + ": skin/" + stem(img) + ".png: " + e.getMessage(), e);
        }
        return new FaceSample(name() + "/" + stem(img), im.getWidth(), im.getHeight(), Images.readRgb(im), skin,
                boxes.get(index));
    }
}
