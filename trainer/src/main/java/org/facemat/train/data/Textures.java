package org.facemat.train.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.facemat.image.Planar;

/**
 * Texture images under {@code textures/}: every {@code .png} (recursively) and every GIMP {@code .pat} pattern
 * (big-endian header: header size, version, width, height, bytes per pixel, magic "GPAT", name; then raw 8-bit
 * pixels, grey, grey+alpha, RGB or RGBA). Sorted by relative path; index i is the i-th in that order.
 */
public final class Textures implements TextureSource {
    /** A texture as planar RGB in [0,1]. */
    public record Texture(String name, int width, int height, float[] rgb) {
        public Texture {
            Planar.check(3, width, height, rgb);
        }
    }

    private final Path dir;
    private final List<String> files;
    private final ConcurrentHashMap<Integer, Texture> cache = new ConcurrentHashMap<>();

    private Textures(Path dir, List<String> files) {
        this.dir = dir;
        this.files = files;
    }

    public static Textures open(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("textures: folder missing (" + dir + ")");
        }
        List<String> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(n -> n.endsWith(".png") || n.endsWith(".pat")).sorted().forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new IOException("textures: no .png or .pat file in the folder");
        }
        return new Textures(dir, List.copyOf(files));
    }

    @Override
    public String name() {
        return "textures";
    }

    @Override
    public int size() {
        return files.size();
    }

    public List<String> files() {
        return files;
    }

    @Override
    public Texture load(int index) throws IOException {
        Texture t = cache.get(index);
        if (t != null) {
            return t;
        }
        String name = files.get(index);
        Path p = dir.resolve(name);
        if (name.endsWith(".pat")) {
            t = readPat(p, name);
        } else {
            BufferedImage im = Images.read(p);
            t = new Texture(name, im.getWidth(), im.getHeight(), Images.readRgb(im));
        }
        cache.putIfAbsent(index, t);
        return t;
    }

    /** Reads a GIMP pattern; grey patterns become equal R, G and B, alpha is dropped. */
    public static Texture readPat(Path file, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)); // big-endian by default
        if (b.remaining() < 24) {
            throw new IOException("textures: " + name + " is too short for a GIMP pattern header");
        }
        int headerSize = b.getInt();
        int version = b.getInt();
        int w = b.getInt();
        int h = b.getInt();
        int bpp = b.getInt();
        int magic = b.getInt();
        if (magic != 0x47504154 || version != 1 || bpp < 1 || bpp > 4 || w <= 0 || h <= 0 || headerSize < 24) {
            throw new IOException("textures: " + name + " is not a GIMP pattern (version 1, magic GPAT)");
        }
        long need = headerSize + (long) w * h * bpp;
        if (b.capacity() < need) {
            throw new IOException("textures: " + name + " is truncated (" + b.capacity() + " bytes, need " + need + ")");
        }
        int n = w * h;
        float[] rgb = new float[3 * n];
        int off = headerSize;
        byte[] a = b.array();
        for (int i = 0; i < n; i++) {
            int base = off + i * bpp;
            float r;
            float g;
            float bl;
            if (bpp <= 2) {
                r = g = bl = (a[base] & 255) / 255f;
            } else {
                r = (a[base] & 255) / 255f;
                g = (a[base + 1] & 255) / 255f;
                bl = (a[base + 2] & 255) / 255f;
            }
            rgb[i] = r;
            rgb[n + i] = g;
            rgb[2 * n + i] = bl;
        }
        return new Texture(name, w, h, rgb);
    }
}
