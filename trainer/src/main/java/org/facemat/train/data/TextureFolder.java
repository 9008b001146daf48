package org.facemat.train.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Texture photos in the DTD layout: {@code images/<category>/*.jpg} (png too). Index i = i-th file by relative path.
 * The synthesis cuts them with random shapes, like the textures of the shared data.
 */
public final class TextureFolder implements TextureSource {
    private final Path dir;
    private final String name;
    private final List<String> files;
    private final LoadCache<Textures.Texture> cache = new LoadCache<>(64);

    private TextureFolder(Path dir, List<String> files) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.files = files;
    }

    /** Opens {@code dir}, which holds {@code images/} with one folder per category. */
    public static TextureFolder open(Path dir) throws IOException {
        String what = "textures " + dir.getFileName();
        if (!Files.isDirectory(dir)) {
            throw new IOException(what + ": folder missing (" + dir + ")");
        }
        Path images = dir.resolve("images");
        if (!Files.isDirectory(images)) {
            throw new IOException(what + ": images/ folder missing (expected images/<category>/*.jpg)");
        }
        List<Path> categories;
        try (Stream<Path> s = Files.list(images)) {
            categories = s.filter(Files::isDirectory).sorted().toList();
        }
        if (categories.isEmpty()) {
            throw new IOException(what + ": no category folder in images/");
        }
        List<String> files = new ArrayList<>();
        for (Path c : categories) {
            List<String> in;
            try (Stream<Path> s = Files.list(c)) {
                in = s.filter(ImagePairs::isImage).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                        .sorted().toList();
            }
            if (in.isEmpty()) {
                throw new IOException(what + ": images/" + c.getFileName() + "/ holds no .jpg or .png image");
            }
            files.addAll(in);
        }
        return new TextureFolder(dir, List.copyOf(files));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return files.size();
    }

    public List<String> files() {
        return files;
    }

    /** The category (folder under {@code images/}) of item {@code index}. */
    public String category(int index) {
        String f = files.get(index);
        return f.substring("images/".length(), f.lastIndexOf('/'));
    }

    @Override
    public Textures.Texture load(int index) throws IOException {
        Textures.Texture t = cache.get(index);
        if (t != null) {
            return t;
        }
        String f = files.get(index);
        BufferedImage im;
        try {
            im = Images.read(dir.resolve(f));
        } catch (IOException e) {
            throw new IOException("textures " + name + ": " + f + " is not a readable image", e);
        }
        t = new Textures.Texture(name + "/" + f, im.getWidth(), im.getHeight(), Images.readRgb(im));
        cache.put(index, t);
        return t;
    }
}
