package org.facemat.media;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file names of an image sequence: a folder, a prefix, the frame number and a suffix. Written as
 * {@code shot.%04d.png} (printf style, zero-padded to 4 digits), {@code shot.%d.png} (no padding) or
 * {@code shot.####.png} (one {@code #} per digit, so {@code ####} = 4 digits). A number wider than the padding is
 * written in full ({@code shot.12345.png}); when reading, a file whose number has more digits than the padding must
 * not start with a zero. Frame numbers are zero or positive.
 */
public final class FramePattern {
    private static final Pattern PLACEHOLDER = Pattern.compile("%(0?)(\\d*)d|#+");

    private final Path folder;
    private final String prefix;
    private final String suffix;
    private final int padding;
    private final Pattern matcher;

    private FramePattern(Path folder, String prefix, String suffix, int padding) {
        this.folder = folder;
        this.prefix = prefix;
        this.suffix = suffix;
        this.padding = padding;
        this.matcher = Pattern.compile(Pattern.quote(prefix) + "(\\d+)" + Pattern.quote(suffix));
    }

    /** True when the file name holds a frame-number placeholder ({@code %04d}, {@code %d} or {@code ####}). */
    public static boolean isPattern(Path path) {
        Path name = path.getFileName();
        return name != null && PLACEHOLDER.matcher(name.toString()).find();
    }

    /**
     * Parses a pattern path ({@code renders/matte.%04d.png} or {@code renders/matte.####.png}).
     *
     * @throws IllegalArgumentException when the file name has no placeholder or more than one
     */
    public static FramePattern parse(Path pattern) {
        Path nameP = pattern.getFileName();
        if (nameP == null) {
            throw new IllegalArgumentException("not a file pattern: " + pattern);
        }
        String name = nameP.toString();
        Matcher m = PLACEHOLDER.matcher(name);
        if (!m.find()) {
            throw new IllegalArgumentException(pattern + ": no frame number in the name (use %04d or ####)");
        }
        int start = m.start();
        int end = m.end();
        int padding;
        if (m.group().startsWith("#")) {
            padding = m.group().length();
        } else {
            String digits = m.group(2).replaceFirst("^0+", "");
            // more than 18 digits of padding is refused below; 4 digits of width already say so (%0999999999999d)
            padding = digits.isEmpty() ? 0 : digits.length() > 3 ? 999 : Integer.parseInt(digits);
            if (padding > 1 && padding <= 18 && m.group(1).isEmpty()) {
                throw new IllegalArgumentException(pattern + ": %" + padding + "d pads with spaces; use %0" + padding
                        + "d");
            }
        }
        if (m.find()) {
            throw new IllegalArgumentException(pattern + ": more than one frame number placeholder in the name");
        }
        if (padding > 18) {
            throw new IllegalArgumentException(pattern + ": padding of " + (padding == 999 ? "over 999" : padding)
                    + " digits is too wide (at most 18)");
        }
        return new FramePattern(folderOf(pattern), name.substring(0, start), name.substring(end), padding);
    }

    /**
     * The sequence that a numbered file belongs to: the last run of digits before the extension is the frame number,
     * and its width the padding ({@code shot.1001.exr} gives {@code shot.%04d.exr}). Empty when the name has no
     * digits there, or when a letter stands right before them ({@code rgb16.png} is a name, not frame 16).
     */
    public static Optional<FramePattern> ofNumberedFile(Path file) {
        Path nameP = file.getFileName();
        if (nameP == null) {
            return Optional.empty();
        }
        String name = nameP.toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        int end = stem.length();
        int start = end;
        while (start > 0 && Character.isDigit(stem.charAt(start - 1))) {
            start--;
        }
        if (start == end || end - start > 18) {
            return Optional.empty();
        }
        if (start > 0 && Character.isLetter(stem.charAt(start - 1))) {
            return Optional.empty(); // "rgb16.png", "take2.png": part of the name, not a frame number
        }
        return Optional.of(new FramePattern(folderOf(file), name.substring(0, start), name.substring(end),
                end - start));
    }

    private static Path folderOf(Path p) {
        Path parent = p.toAbsolutePath().getParent();
        return parent == null ? p.toAbsolutePath().getRoot() : parent;
    }

    public Path folder() {
        return folder;
    }

    /** Digits the number is padded to with zeros (0 = no padding). */
    public int padding() {
        return padding;
    }

    /** The file name of frame {@code n}. */
    public String fileName(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative frame number " + n);
        }
        String digits = Long.toString(n);
        StringBuilder sb = new StringBuilder(prefix.length() + suffix.length() + Math.max(padding, digits.length()));
        sb.append(prefix);
        for (int i = digits.length(); i < padding; i++) {
            sb.append('0');
        }
        return sb.append(digits).append(suffix).toString();
    }

    /** The path of frame {@code n}. */
    public Path path(long n) {
        return folder.resolve(fileName(n));
    }

    /** The frame number a file name stands for, or empty when it does not belong to this sequence. */
    public OptionalLong numberOf(String fileName) {
        Matcher m = matcher.matcher(fileName);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        String digits = m.group(1);
        if (digits.length() > 18 || digits.length() < padding) {
            return OptionalLong.empty();
        }
        boolean leadingZero = digits.length() > 1 && digits.charAt(0) == '0';
        if (leadingZero && digits.length() > Math.max(padding, 1)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }

    /** The files of this sequence that exist on disk, by frame number. */
    public TreeMap<Long, Path> scan() throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            for (Path p : ds) {
                OptionalLong n = numberOf(p.getFileName().toString());
                if (n.isPresent() && Files.isRegularFile(p)) {
                    found.put(n.getAsLong(), p);
                }
            }
        }
        return found;
    }

    /** The lower-case extension of the files, without the dot ("png"), or "" when there is none. */
    public String extension() {
        int dot = suffix.lastIndexOf('.');
        return dot < 0 ? "" : suffix.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /** The pattern in printf form, e.g. {@code /renders/matte.%04d.png}. */
    @Override
    public String toString() {
        String num = padding > 0 ? "%0" + padding + "d" : "%d";
        return folder.resolve(prefix + num + suffix).toString();
    }
}
