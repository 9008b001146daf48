package org.facemat.train.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.facemat.image.Plane;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.MediaException;
import org.facemat.media.exr.Box2i;
import org.facemat.media.exr.ExrChannel;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrHeader;
import org.facemat.media.exr.ExrReader;

/**
 * Studio footage with artist roto mattes for some frames: a movie or an image sequence (read frame-exactly with
 * {@link FrameSource}) and a folder of mattes named by frame number ({@code <anything>.<frame>.png|exr},
 * {@code <anything>_<frame>.png|exr} or {@code <frame>.png|exr}). A PNG matte is its alpha channel when it has one,
 * else its grey value (8 or 16 bit); an EXR matte is its {@code A} channel. The matte is the skin matte of that
 * frame: 1 on facial skin, 0 elsewhere, occluders already taken out.
 *
 * <p>Items are the roto'd frames in frame order; {@link #isHeldOut} keeps every 4th of them (items 3, 7, 11, ...; the
 * last one when there are fewer than 4) out of training. Thread-safe: reads share one decoder, one at a time.
 */
public final class StudioShot implements FaceSource {
    /** Every {@code HELD_OUT_EVERY}-th roto'd frame is held out. */
    public static final int HELD_OUT_EVERY = 4;
    private static final Pattern MATTE_NAME =
            Pattern.compile("(?:.*[._])?(\\d+)\\.(png|exr)", Pattern.CASE_INSENSITIVE);

    private final String name;
    private final Path footage;
    private final Path mattes;
    private final long[] frames;
    private final String[] matteFiles;
    private final int width;
    private final int height;
    private final ConcurrentHashMap<Integer, FaceBox> boxes = new ConcurrentHashMap<>();
    private FrameSource source;

    private StudioShot(Path footage, Path mattes, long[] frames, String[] matteFiles, int width, int height) {
        String f = footage.getFileName().toString();
        this.name = f.contains(".") ? f.substring(0, f.indexOf('.')) : f;
        this.footage = footage;
        this.mattes = mattes;
        this.frames = frames;
        this.matteFiles = matteFiles;
        this.width = width;
        this.height = height;
    }

    /**
     * Opens the footage (a movie, a sequence pattern such as {@code shot.%04d.exr}, or one file of a sequence) and
     * checks every matte: its frame number lies in the footage, and its size (from its header) is the footage's.
     */
    public static StudioShot open(Path footage, Path mattes) throws IOException {
        String what = "studio shot " + footage.getFileName();
        if (!Files.isDirectory(mattes)) {
            throw new IOException(what + ": mattes folder missing (" + mattes + ")");
        }
        TreeMap<Long, String> byFrame = new TreeMap<>();
        try (Stream<Path> s = Files.list(mattes)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String n = p.getFileName().toString();
                Matcher m = MATTE_NAME.matcher(n);
                if (!m.matches()) {
                    continue;
                }
                long f = Long.parseLong(m.group(1));
                String prev = byFrame.put(f, n);
                if (prev != null) {
                    throw new IOException(what + ": mattes " + prev + " and " + n + " are both for frame " + f);
                }
            }
        }
        if (byFrame.isEmpty()) {
            throw new IOException(what + ": no roto matte in " + mattes.getFileName()
                    + "/ (expected <name>.<frame>.png|exr or <frame>.png|exr)");
        }
        long first;
        long last;
        int w;
        int h;
        List<Long> missing;
        try (FrameSource src = FrameSource.open(footage)) {
            first = src.firstFrameNumber();
            last = src.lastFrameNumber();
            w = src.width();
            h = src.height();
            missing = src.missingFrames();
        } catch (MediaException e) {
            throw new IOException(what + ": cannot open the footage (" + e.getMessage() + ")", e);
        }
        for (var e : byFrame.entrySet()) {
            String file = mattes.getFileName() + "/" + e.getValue();
            long f = e.getKey();
            if (f < first || f > last || missing.contains(f)) {
                throw new IOException(what + ": " + file + " is for frame " + f + ", outside the footage (frames "
                        + first + ".." + last + (missing.contains(f) ? ", that frame's file is missing" : "") + ")");
            }
            int[] size = matteSize(mattes.resolve(e.getValue()), file);
            if (size[0] != w || size[1] != h) {
                throw new IOException(what + ": " + file + " is " + size[0] + "x" + size[1] + ", the footage is "
                        + w + "x" + h);
            }
        }
        long[] frames = byFrame.keySet().stream().mapToLong(Long::longValue).toArray();
        return new StudioShot(footage, mattes, frames, byFrame.values().toArray(String[]::new), w, h);
    }

    private static boolean isExr(String file) {
        return file.toLowerCase(Locale.ROOT).endsWith(".exr");
    }

    /** Width and height from the header (EXR: the display window). */
    private static int[] matteSize(Path file, String label) throws IOException {
        try {
            if (isExr(label)) {
                Box2i d = ExrReader.readHeader(file).displayWindow();
                return new int[] {(int) d.width(), (int) d.height()};
            }
            return Images.size(file);
        } catch (IOException e) {
            throw new IOException(label + " is not a readable matte (" + oneLine(e) + ")", e);
        }
    }

    private static String oneLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The matte of item {@code index}, row-major, values in [0,1]. */
    public Plane readMatte(int index) throws IOException {
        String label = mattes.getFileName() + "/" + matteFiles[index];
        Path file = mattes.resolve(matteFiles[index]);
        Plane m;
        try {
            m = isExr(label) ? readExrAlpha(file, label) : Images.readPlane(file, true);
        } catch (IOException e) {
            throw new IOException("studio shot " + footage.getFileName() + ": " + label + " is not a readable matte ("
                    + oneLine(e) + ")", e);
        }
        if (m.width() != width || m.height() != height) {
            throw new IOException("studio shot " + footage.getFileName() + ": " + label + " is " + m.size()
                    + ", the footage is " + width + "x" + height);
        }
        float[] v = m.values();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0f, Math.min(1f, v[i])); // EXR values may overshoot
        }
        return m;
    }

    /** The A channel placed in the display window (0 outside the data window). */
    private static Plane readExrAlpha(Path file, String label) throws IOException {
        ExrFile exr = ExrReader.read(file);
        ExrHeader hd = exr.header();
        ExrChannel a = exr.image().channel("A");
        if (a == null) {
            throw new IOException("no A channel (channels " + hd.channelNames() + ")");
        }
        Box2i disp = hd.displayWindow();
        Box2i data = hd.dataWindow();
        int w = (int) disp.width();
        int h = (int) disp.height();
        int dw = (int) data.width();
        float[] out = new float[w * h];
        for (int y = 0; y < data.height(); y++) {
            int yy = data.yMin() + y - disp.yMin();
            for (int x = 0; x < dw; x++) {
                int xx = data.xMin() + x - disp.xMin();
                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                    out[yy * w + xx] = a.values()[y * dw + x];
                }
            }
        }
        return new Plane(w, h, out);
    }

    /** The frame number of item {@code index} (the footage's numbering: from 0 for movies). */
    public long frameNumber(int index) {
        return frames[index];
    }

    public String matteFile(int index) {
        return matteFiles[index];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    @Override
    public boolean isHeldOut(int index) {
        int n = frames.length;
        return n < HELD_OUT_EVERY ? index == n - 1 : index % HELD_OUT_EVERY == HELD_OUT_EVERY - 1;
    }

    /** Items used for training. */
    public List<Integer> trainingItems() {
        return items(false);
    }

    /** Items held out for evaluation (at least one). */
    public List<Integer> heldOutItems() {
        return items(true);
    }

    private List<Integer> items(boolean heldOut) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < frames.length; i++) {
            if (isHeldOut(i) == heldOut) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return frames.length;
    }

    /** Roto'd frames need not be consecutive, so a shot is a set of stills to the synthesis. */
    @Override
    public boolean isClip() {
        return false;
    }

    @Override
    public String itemName(int index) {
        return Long.toString(frames[index]);
    }

    /** The box of the matte above 0.5 (the whole frame when the matte is empty). Reads the matte on first use. */
    @Override
    public FaceBox box(int index) {
        FaceBox b = boxes.get(index);
        if (b == null) {
            try {
                b = boxOf(readMatte(index));
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            boxes.putIfAbsent(index, b);
        }
        return b;
    }

    private FaceBox boxOf(Plane matte) {
        FaceBox b = FaceBox.above(matte, 0.5f);
        return b != null ? b : new FaceBox(0, 0, width, height);
    }

    /** The frame (planar RGB in [0,1]) and its matte. */
    @Override
    public FaceSample read(int index) throws IOException {
        Plane matte = readMatte(index);
        float[] rgb;
        synchronized (this) {
            try {
                if (source == null) {
                    source = FrameSource.open(footage);
                }
                Frame f = source.read(frames[index]);
                rgb = org.facemat.media.ColorSpace.AUTO.toNetwork(f);
            } catch (MediaException e) {
                throw new IOException("studio shot " + footage.getFileName() + ": cannot decode frame " + frames[index]
                        + " (" + oneLine(e) + ")", e);
            }
        }
        FaceBox b = boxOf(matte);
        boxes.putIfAbsent(index, b);
        return new FaceSample(name + "#" + frames[index], width, height, rgb, matte.values(), b);
    }

    @Override
    public synchronized void close() {
        if (source != null) {
            source.close();
            source = null;
        }
    }
}
