package org.facemat.train.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.facemat.image.Plane;

/**
 * CelebAMask-HQ as published: {@code CelebA-HQ-img/<id>.jpg} (1024x1024) and
 * {@code CelebAMask-HQ-mask-anno/<id / 2000>/<id, 5 digits>_<part>.png} (512x512, 0 or 255), one file per part
 * that the annotator drew. The skin mask of the task is composed from the parts (see {@link #FACE_PARTS},
 * {@link #NOT_FACE_PARTS} and {@link Glasses}), then scaled up to the image. Stills, index i = i-th id in ascending
 * order. The dataset is not shipped with the product: users who have it point the trainer at its folder.
 */
public final class CelebAMaskHq implements FaceSource {
    public static final String IMAGES = "CelebA-HQ-img";
    public static final String MASKS = "CelebAMask-HQ-mask-anno";
    /** Ids per mask sub-folder: masks of id n live in {@code CelebAMask-HQ-mask-anno/<n / 2000>/}. */
    public static final int IDS_PER_FOLDER = 2000;
    /** The 18 published part names, in the published order. */
    public static final List<String> PARTS = List.of("skin", "nose", "eye_g", "l_eye", "r_eye", "l_brow", "r_brow",
            "l_ear", "r_ear", "mouth", "u_lip", "l_lip", "hair", "hat", "ear_r", "neck_l", "neck", "cloth");
    /** Parts whose union is the face area of the task. */
    public static final List<String> FACE_PARTS = List.of("skin", "nose", "l_eye", "r_eye", "l_brow", "r_brow",
            "mouth", "u_lip", "l_lip");
    /**
     * Parts taken out of the face area wherever they overlap it: hair (fringes drawn over the forehead), hat, ears,
     * earrings, necklace, neck, cloth (a collar or scarf over the chin).
     */
    public static final List<String> NOT_FACE_PARTS = List.of("hair", "hat", "l_ear", "r_ear", "ear_r", "neck_l",
            "neck", "cloth");

    /**
     * What to do with {@code eye_g}. Its mask covers the whole pair of glasses, frames and lenses together, so it can
     * give neither "frames are background" nor "clear lenses are not occluders".
     */
    public enum Glasses {
        /** Leave out every image that has an {@code eye_g} mask (the default: no wrong label is learned). */
        EXCLUDE,
        /** Take the whole glasses area out of the skin, lenses included (right for sunglasses only). */
        SUBTRACT,
        /** Ignore {@code eye_g}: frames count as skin (right for rimless glasses only). */
        KEEP
    }

    private static final Pattern IMAGE_NAME = Pattern.compile("(\\d+)\\.(jpg|jpeg|png)", Pattern.CASE_INSENSITIVE);

    private final Path root;
    private final Glasses glasses;
    private final int[] ids;
    private final String[] imageFiles;
    private final int[] partBits;
    private final int excluded;
    private final ConcurrentHashMap<Integer, FaceBox> boxes = new ConcurrentHashMap<>();

    private CelebAMaskHq(Path root, Glasses glasses, int[] ids, String[] imageFiles, int[] partBits, int excluded) {
        this.root = root;
        this.glasses = glasses;
        this.ids = ids;
        this.imageFiles = imageFiles;
        this.partBits = partBits;
        this.excluded = excluded;
    }

    public static CelebAMaskHq open(Path root) throws IOException {
        return open(root, Glasses.EXCLUDE);
    }

    /** Opens and checks the folder: both sub-folders, and at least one part mask for every image. */
    public static CelebAMaskHq open(Path root, Glasses glasses) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("CelebAMask-HQ: folder missing (" + root + ")");
        }
        Path imgDir = root.resolve(IMAGES);
        Path maskDir = root.resolve(MASKS);
        if (!Files.isDirectory(imgDir)) {
            throw new IOException("CelebAMask-HQ: " + IMAGES + "/ folder missing in " + root);
        }
        if (!Files.isDirectory(maskDir)) {
            throw new IOException("CelebAMask-HQ: " + MASKS + "/ folder missing in " + root);
        }
        Map<Integer, String> byId = new HashMap<>();
        try (Stream<Path> s = Files.list(imgDir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = IMAGE_NAME.matcher(p.getFileName().toString());
                if (m.matches()) {
                    String prev = byId.put(Integer.parseInt(m.group(1)), p.getFileName().toString());
                    if (prev != null) {
                        throw new IOException("CelebAMask-HQ: " + IMAGES + "/" + prev + " and "
                                + p.getFileName() + " have the same id");
                    }
                }
            }
        }
        if (byId.isEmpty()) {
            throw new IOException("CelebAMask-HQ: no <id>.jpg image in " + IMAGES + "/");
        }
        int[] sorted = byId.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        Map<Integer, Set<String>> listed = new HashMap<>();
        List<Integer> keep = new ArrayList<>();
        List<Integer> bits = new ArrayList<>();
        int skipped = 0;
        int glassesBit = 1 << PARTS.indexOf("eye_g");
        for (int id : sorted) {
            int k = id / IDS_PER_FOLDER;
            Set<String> names = listed.get(k);
            if (names == null) {
                names = list(maskDir.resolve(Integer.toString(k)));
                listed.put(k, names);
            }
            int b = 0;
            for (int p = 0; p < PARTS.size(); p++) {
                if (names.contains(maskName(id, PARTS.get(p)))) {
                    b |= 1 << p;
                }
            }
            if (b == 0) {
                throw new IOException("CelebAMask-HQ: no masks for image " + IMAGES + "/" + byId.get(id)
                        + " (expected " + MASKS + "/" + k + "/" + maskName(id, "<part>") + ")");
            }
            if (glasses == Glasses.EXCLUDE && (b & glassesBit) != 0) {
                skipped++;
                continue;
            }
            keep.add(id);
            bits.add(b);
        }
        if (keep.isEmpty()) {
            throw new IOException("CelebAMask-HQ: every image has glasses (eye_g) and glasses are excluded");
        }
        int[] ids = keep.stream().mapToInt(Integer::intValue).toArray();
        String[] files = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            files[i] = byId.get(ids[i]);
        }
        return new CelebAMaskHq(root, glasses, ids, files, bits.stream().mapToInt(Integer::intValue).toArray(),
                skipped);
    }

    private static Set<String> list(Path dir) throws IOException {
        Set<String> out = new HashSet<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(p -> out.add(p.getFileName().toString()));
            }
        }
        return out;
    }

    /** {@code 00042_skin.png}: the published name of part {@code part} of image 42. */
    public static String maskName(int id, String part) {
        return String.format("%05d_%s.png", id, part);
    }

    /** The mask path relative to the root, as error messages name it. */
    private static String maskPath(int id, String part) {
        return MASKS + "/" + id / IDS_PER_FOLDER + "/" + maskName(id, part);
    }

    public Glasses glasses() {
        return glasses;
    }

    /** Images left out because they have an {@code eye_g} mask ({@link Glasses#EXCLUDE}). */
    public int excludedCount() {
        return excluded;
    }

    /** The CelebA-HQ id of item {@code index}. */
    public int id(int index) {
        return ids[index];
    }

    @Override
    public String name() {
        return "CelebAMask-HQ";
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public boolean isClip() {
        return false;
    }

    /** Ids that are a multiple of {@link #HELD_OUT_EVERY} are held out (750 of 30,000, near the paper's 716). */
    public static final int HELD_OUT_EVERY = 40;

    @Override
    public boolean isHeldOut(int index) {
        return ids[index] % HELD_OUT_EVERY == 0;
    }

    @Override
    public String itemName(int index) {
        return Integer.toString(ids[index]);
    }

    /** The face box: the box of the skin mask (above 0.5) in image pixels. Reads the masks on first use. */
    @Override
    public FaceBox box(int index) {
        FaceBox b = boxes.get(index);
        if (b != null) {
            return b;
        }
        try {
            int[] size = Images.size(root.resolve(IMAGES).resolve(imageFiles[index]));
            return skin(index, size[0], size[1]).box();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public FaceSample read(int index) throws IOException {
        BufferedImage im = Images.read(root.resolve(IMAGES).resolve(imageFiles[index]));
        Skin s = skin(index, im.getWidth(), im.getHeight());
        return new FaceSample(name() + "/" + ids[index], im.getWidth(), im.getHeight(), Images.readRgb(im),
                s.mask().values(), s.box());
    }

    private record Skin(Plane mask, FaceBox box) {
    }

    /** The composed skin mask scaled to the image ({@code w x h}) and its box. */
    private Skin skin(int index, int w, int h) throws IOException {
        Plane atMask = composeSkin(index);
        if ((long) atMask.width() * h != (long) atMask.height() * w) {
            throw new IOException("CelebAMask-HQ: the masks of image " + IMAGES + "/" + imageFiles[index] + " are "
                    + atMask.size() + ", not the shape of the image (" + w + "x" + h + ")");
        }
        Plane mask = atMask.resize(w, h);
        FaceBox box = FaceBox.above(mask, 0.5f);
        if (box == null) {
            throw new IOException("CelebAMask-HQ: the skin mask of image " + IMAGES + "/" + imageFiles[index]
                    + " is empty (no face part outside hair, hat, ears, neck and cloth)");
        }
        boxes.putIfAbsent(index, box);
        return new Skin(mask, box);
    }

    /**
     * The skin mask at the masks' resolution: 1 where a {@link #FACE_PARTS} mask is on (code >= 128) and no
     * {@link #NOT_FACE_PARTS} mask is on (nor {@code eye_g} with {@link Glasses#SUBTRACT}), else 0.
     */
    public Plane composeSkin(int index) throws IOException {
        int id = ids[index];
        boolean[] face = null;
        boolean[] not = null;
        int w = -1;
        int h = -1;
        String first = null;
        for (int p = 0; p < PARTS.size(); p++) {
            if ((partBits[index] & (1 << p)) == 0) {
                continue;
            }
            String part = PARTS.get(p);
            boolean isFace = FACE_PARTS.contains(part);
            boolean isNot = NOT_FACE_PARTS.contains(part) || (part.equals("eye_g") && glasses == Glasses.SUBTRACT);
            if (!isFace && !isNot) {
                continue;
            }
            Path file = root.resolve(maskPath(id, part));
            Plane m;
            try {
                m = Images.readPlane(file, false);
            } catch (IOException e) {
                throw new IOException("CelebAMask-HQ: " + maskPath(id, part) + " is not a readable image", e);
            }
            if (first == null) {
                first = maskPath(id, part);
                w = m.width();
                h = m.height();
                face = new boolean[w * h];
                not = new boolean[w * h];
            } else if (m.width() != w || m.height() != h) {
                throw new IOException("CelebAMask-HQ: " + maskPath(id, part) + " is " + m.size() + ", "
                        + first + " is " + w + "x" + h);
            }
            boolean[] into = isFace ? face : not;
            float[] v = m.values();
            for (int i = 0; i < v.length; i++) {
                into[i] |= v[i] >= 0.5f;
            }
        }
        if (first == null) {
            throw new IOException("CelebAMask-HQ: image " + IMAGES + "/" + imageFiles[index]
                    + " has no face part mask (" + maskPath(id, "skin") + " missing)");
        }
        float[] skin = new float[w * h];
        for (int i = 0; i < skin.length; i++) {
            skin[i] = face[i] && !not[i] ? 1f : 0f;
        }
        return new Plane(w, h, skin);
    }
}
