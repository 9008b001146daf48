package org.facemat.train.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared data folder: {@code faces/<clip>/} (every folder except {@code stills}), {@code faces/stills/},
 * {@code occluders/} and {@code textures/}. Opening checks the layout and throws an IOException naming the folder or
 * file and what is missing.
 */
public final class SharedDataset implements AutoCloseable {
    private final Path root;
    private final List<FaceClip> clips;
    private final FaceStills stills;
    private final OccluderSet occluders;
    private final Textures textures;

    private SharedDataset(Path root, List<FaceClip> clips, FaceStills stills, OccluderSet occluders,
            Textures textures) {
        this.root = root;
        this.clips = clips;
        this.stills = stills;
        this.occluders = occluders;
        this.textures = textures;
    }

    public static SharedDataset open(Path root) throws IOException {
        Path faces = root.resolve("faces");
        if (!Files.isDirectory(faces)) {
            throw new IOException(root + ": faces/ folder missing");
        }
        List<FaceClip> clips = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(faces)) {
            dirs = s.filter(Files::isDirectory).sorted().toList();
        }
        FaceStills stills = null;
        for (Path d : dirs) {
            if (d.getFileName().toString().equals("stills")) {
                stills = FaceStills.open(d);
            } else {
                clips.add(FaceClip.open(d));
            }
        }
        if (stills == null) {
            throw new IOException(root + ": faces/stills/ folder missing");
        }
        Path textures = root.resolve("textures");
        return new SharedDataset(root, List.copyOf(clips), stills, OccluderSet.open(root.resolve("occluders")),
                Files.isDirectory(textures) ? Textures.open(textures) : null);
    }

    public Path root() {
        return root;
    }

    public List<FaceClip> clips() {
        return clips;
    }

    public FaceClip clip(String name) {
        return clips.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no clip faces/" + name));
    }

    public FaceStills stills() {
        return stills;
    }

    public OccluderSet occluders() {
        return occluders;
    }

    /** The textures, or null when the data has no textures/ folder. */
    public Textures textures() {
        return textures;
    }

    @Override
    public void close() {
        clips.forEach(FaceClip::close);
    }
}
