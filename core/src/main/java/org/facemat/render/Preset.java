package org.facemat.render;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facemat.io.StrictJson;

/**
 * An output preset ({@code presets/<name>.json}): a list of passes whose paths are templates on the base path given
 * with {@code --out}: {@code {out}} is that base, e.g. {@code "{out}.####.exr"} with {@code --out renders/shot}.
 */
public record Preset(String name, String description, List<PassTemplate> passes) {

    /** A pass whose path still holds {@code {out}}. */
    public record PassTemplate(PassSpec.Kind kind, String path, PassSpec.Content content, boolean floatPixels,
                               boolean zip, boolean plate) {
        PassSpec resolve(String out) {
            return new PassSpec(kind, path.replace("{out}", out), content, floatPixels, zip, plate);
        }
    }

    /**
     * The passes for the base {@code out}. An {@code out} that already ends in what a pass puts after the base
     * ({@code shot.mov} for {@code {out}.mov}, {@code sh010.####.exr} or {@code sh010.exr} for {@code {out}.####.exr})
     * is taken as that pass's file: the base is what comes before, so no pass writes {@code shot.mov.mov}.
     */
    public List<PassSpec> resolve(String out) {
        String base = base(out);
        List<PassSpec> specs = new ArrayList<>();
        for (PassTemplate t : passes) {
            specs.add(t.resolve(base));
        }
        return specs;
    }

    String base(String out) {
        for (PassTemplate t : passes) {
            int at = t.path().indexOf("{out}");
            String suffix = t.path().substring(at + "{out}".length());
            if (at == 0 && !suffix.isEmpty() && out.length() > suffix.length()
                    && out.toLowerCase(Locale.ROOT).endsWith(suffix.toLowerCase(Locale.ROOT))) {
                return out.substring(0, out.length() - suffix.length());
            }
        }
        for (PassTemplate t : passes) {
            String path = t.path();
            int dot = path.lastIndexOf('.');
            if (dot < 0 || path.indexOf("{out}") != 0) {
                continue;
            }
            // the extension, and a frame-number placeholder before it
            Matcher m = Pattern.compile("(?i)(\\.(#+|@+|%0?\\d*d))?" + Pattern.quote(path.substring(dot)) + "$")
                    .matcher(out);
            if (m.find() && m.start() > 0) {
                return out.substring(0, m.start());
            }
        }
        return out;
    }

    /** Loads {@code <dir>/<name>.json}, or {@code name} itself when it is a path to a JSON file. */
    public static Preset load(Path dir, String name) throws IOException {
        Path file = fileFor(dir, name);
        if (!Files.isRegularFile(file)) {
            if (name.endsWith(".json")) {
                throw new IOException(file + ": no such preset file");
            }
            List<String> known = list(dir);
            throw new IOException("no such preset '" + name + "' in " + dir.toAbsolutePath().normalize()
                    + (known.isEmpty() ? "" : " (presets: " + String.join(", ", known) + ")"));
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not a valid preset (not UTF-8 text)");
        } catch (IOException e) {
            throw new IOException(file + ": cannot read the preset (" + StrictJson.firstLine(e.getMessage()) + ")");
        }
        try {
            return read(StrictJson.parseObject(text), name);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    /** The file a preset name stands for: {@code <dir>/<name>.json}, or {@code name} itself when it is a JSON file. */
    public static Path fileFor(Path dir, String name) {
        return name.endsWith(".json") ? Path.of(name) : dir.resolve(name + ".json");
    }

    /** The keys of a preset file. */
    static final List<String> KEYS = List.of("name", "description", "passes");
    /** The keys of a pass. */
    static final List<String> PASS_KEYS = List.of("type", "path", "content", "pixels", "compression", "plate");
    /** Pass keys that only EXR passes read. */
    private static final List<String> EXR_ONLY = List.of("pixels", "compression");

    /** A preset from its parsed file: every key known, of its type, with one of its values. */
    private static Preset read(JsonObject o, String name) {
        StrictJson.knownKeys(o, KEYS);
        String title = StrictJson.string(o, "name", name);
        String description = StrictJson.string(o, "description", "");
        JsonElement arr = o.get("passes");
        if (arr == null) {
            throw new IllegalArgumentException("\"passes\" is missing (the list of outputs)");
        }
        if (!arr.isJsonArray()) {
            throw new IllegalArgumentException("\"passes\" must be a list of passes, not " + StrictJson.show(arr));
        }
        if (arr.getAsJsonArray().isEmpty()) {
            throw new IllegalArgumentException("preset has no passes");
        }
        List<PassTemplate> passes = new ArrayList<>();
        int n = 0;
        for (JsonElement e : arr.getAsJsonArray()) {
            n++;
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException("pass " + n + " must be an object, not " + StrictJson.show(e));
            }
            try {
                passes.add(pass(e.getAsJsonObject()));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException("pass " + n + ": " + x.getMessage());
            }
        }
        return new Preset(title, description, List.copyOf(passes));
    }

    private static PassTemplate pass(JsonObject p) {
        StrictJson.knownKeys(p, PASS_KEYS);
        if (!p.has("type")) {
            throw new IllegalArgumentException("\"type\" is missing (" + StrictJson.choices(words(PassSpec.Kind.values()))
                    + ")");
        }
        PassSpec.Kind kind = PassSpec.Kind.valueOf(StrictJson.oneOf(p, "type", null,
                words(PassSpec.Kind.values())).toUpperCase(Locale.ROOT));
        if (!p.has("path")) {
            throw new IllegalArgumentException("\"path\" is missing (e.g. \"{out}.####.exr\")");
        }
        String path = StrictJson.string(p, "path", null);
        if (!path.contains("{out}")) {
            throw new IllegalArgumentException("pass path " + StrictJson.show(path) + " does not use {out}");
        }
        if (kind != PassSpec.Kind.EXR) {
            for (String k : EXR_ONLY) {
                if (p.has(k)) {
                    throw new IllegalArgumentException(StrictJson.show(k) + " applies to exr passes only, not to "
                            + kind.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        PassSpec.Content content = PassSpec.Content.valueOf(StrictJson.oneOf(p, "content",
                kind == PassSpec.Kind.EXR ? "both" : "matte", words(PassSpec.Content.values())).toUpperCase(Locale.ROOT));
        boolean floatPixels = StrictJson.oneOf(p, "pixels", "half", List.of("half", "float")).equals("float");
        boolean zip = StrictJson.oneOf(p, "compression", "zip", List.of("zip", "none")).equals("zip");
        boolean plate = StrictJson.bool(p, "plate", kind != PassSpec.Kind.EXR);
        PassTemplate t = new PassTemplate(kind, path, content, floatPixels, zip, plate);
        t.resolve("x"); // a sequence path without a frame number is refused here, naming the pass
        return t;
    }

    private static List<String> words(Enum<?>[] values) {
        List<String> w = new ArrayList<>();
        for (Enum<?> v : values) {
            w.add(v.name().toLowerCase(Locale.ROOT));
        }
        return w;
    }

    /** Names of the presets in {@code dir}. */
    public static List<String> list(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var s = Files.list(dir)) {
                s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                        .forEach(n -> names.add(n.substring(0, n.length() - 5)));
            }
        }
        return names;
    }
}
