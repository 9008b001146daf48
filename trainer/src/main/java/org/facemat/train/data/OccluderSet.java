package org.facemat.train.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The occluder cut-outs: {@code occluders/index.csv} ({@code file, category, width, height, ..., semi_transparent})
 * and one RGBA PNG with straight alpha per row. Index i is the i-th data row of the CSV. Images load on first use and
 * are cached. Files under {@code brushes/} are white brush tips and are marked tintable.
 */
public final class OccluderSet implements OccluderSource {
    /** One row of the index. */
    public record Entry(int index, String file, String category, int width, int height, boolean semiTransparent) {
        public boolean tintable() {
            return file.startsWith("brushes/") || category.startsWith("brushes");
        }
    }

    private final Path dir;
    private final List<Entry> entries;
    private final ConcurrentHashMap<Integer, Occluder> cache = new ConcurrentHashMap<>();

    private OccluderSet(Path dir, List<Entry> entries) {
        this.dir = dir;
        this.entries = entries;
    }

    public static OccluderSet open(Path dir) throws IOException {
        String what = "occluders";
        if (!Files.isDirectory(dir)) {
            throw new IOException(what + ": folder missing (" + dir + ")");
        }
        Csv csv = Csv.read(dir.resolve("index.csv"), what, "file", "category", "width", "height",
                "semi_transparent");
        List<Entry> list = new ArrayList<>();
        for (int r = 0; r < csv.rows.size(); r++) {
            String[] row = csv.rows.get(r);
            String file = csv.get(row, "file");
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new IOException(what + ": " + file + " missing (row " + (r + 2) + " of index.csv)");
            }
            String semi = csv.get(row, "semi_transparent").toLowerCase();
            if (!semi.equals("yes") && !semi.equals("no")) {
                throw new IOException(what + ": index.csv row " + (r + 2) + ": semi_transparent is '" + semi
                        + "', expected yes or no");
            }
            list.add(new Entry(r, file, csv.get(row, "category"), (int) csv.num(row, "width", r),
                    (int) csv.num(row, "height", r), semi.equals("yes")));
        }
        return new OccluderSet(dir, List.copyOf(list));
    }

    @Override
    public String name() {
        return "occluders";
    }

    @Override
    public int size() {
        return entries.size();
    }

    public List<Entry> entries() {
        return entries;
    }

    public Entry entry(int index) {
        return entries.get(index);
    }

    public long semiTransparentCount() {
        return entries.stream().filter(Entry::semiTransparent).count();
    }

    /** The occluder at {@code index} (cached). */
    @Override
    public Occluder load(int index) throws IOException {
        Occluder o = cache.get(index);
        if (o != null) {
            return o;
        }
        Entry e = entries.get(index);
        BufferedImage im = Images.read(dir.resolve(e.file()));
        if (im.getWidth() != e.width() || im.getHeight() != e.height()) {
            throw new IOException("occluders: " + e.file() + " is " + im.getWidth() + "x" + im.getHeight()
                    + ", index.csv says " + e.width() + "x" + e.height());
        }
        if (!im.getColorModel().hasAlpha()) {
            throw new IOException("occluders: " + e.file() + " has no alpha channel");
        }
        o = new Occluder(e.file(), im.getWidth(), im.getHeight(), Images.readRgb(im), Images.readAlpha(im),
                e.semiTransparent(), e.tintable());
        cache.putIfAbsent(index, o);
        return o;
    }
}
