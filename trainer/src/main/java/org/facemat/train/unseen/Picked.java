package org.facemat.train.unseen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The pictures to label: the given files and the .jpg/.jpeg/.png files of the given folders (not recursive), in
 * name order. Training identities and byte-identical copies (the shared astronaut is skimage's) are dropped before
 * any labelling; catalogued exclusions are labelled (they appear on the sheet) and dropped after.
 */
record Picked(List<Candidate> candidates, List<Dropped> dropped) {
    /** A picture to label; {@code excluded} is the catalogue's reason to leave it out, or null. */
    record Candidate(Path file, String stem, String excluded) {
    }

    static Picked from(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = Files.list(in)) {
                    s.filter(Picked::isImage).filter(Files::isRegularFile).sorted(Picked::byName).forEach(files::add);
                }
            } else if (Files.isRegularFile(in)) {
                files.add(in);
            } else {
                throw new IOException(in + ": no such file or folder");
            }
        }
        if (files.isEmpty()) {
            throw new IOException(inputs + ": no .jpg, .jpeg or .png image");
        }
        List<Candidate> out = new ArrayList<>();
        List<Dropped> dropped = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path f : files) {
            String name = f.getFileName().toString();
            String stem = name.replaceFirst("\\.[^.]+$", "");
            Path first = seen.putIfAbsent(sha256(f), f);
            Optional<String> why = UnseenCatalog.excluded(stem);
            if (first != null) {
                dropped.add(new Dropped(name, "the same file as " + first + " (one identity, counted once)"));
            } else if (why.isPresent() && why.get().startsWith("training identity")) {
                dropped.add(new Dropped(name, why.get()));
            } else {
                out.add(new Candidate(f, stem, why.orElse(null)));
            }
        }
        return new Picked(out, dropped);
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
    }

    private static int byName(Path a, Path b) {
        return a.getFileName().toString().compareTo(b.getFileName().toString());
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
