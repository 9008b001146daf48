package org.facemat.render;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
            List<PassTemplate> passes = new ArrayList<>();
            JsonArray arr = o.getAsJsonArray("passes");
            if (arr == null || arr.isEmpty()) {
                throw new IOException(file + ": preset has no passes");
            }
            for (JsonElement e : arr) {
                JsonObject p = e.getAsJsonObject();
                PassSpec.Kind kind = PassSpec.Kind.parse(p.get("type").getAsString());
                String path = p.get("path").getAsString();
                if (!path.contains("{out}")) {
                    throw new IOException(file + ": pass path '" + path + "' does not use {out}");
                }
                passes.add(new PassTemplate(kind, path,
                        PassSpec.Content.parse(str(p, "content", kind == PassSpec.Kind.EXR ? "both" : "matte")),
                        "float".equals(str(p, "pixels", "half")), !"none".equals(str(p, "compression", "zip")),
                        bool(p, "plate", kind != PassSpec.Kind.EXR)));
            }
            return new Preset(str(o, "name", name), str(o, "description", ""), passes);
        } catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException e) {
            throw new IOException(file + ": not a valid preset (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    /** The file a preset name stands for: {@code <dir>/<name>.json}, or {@code name} itself when it is a JSON file. */
    public static Path fileFor(Path dir, String name) {
        return name.endsWith(".json") ? Path.of(name) : dir.resolve(name + ".json");
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

    private static String str(JsonObject o, String key, String def) {
        return o.has(key) ? o.get(key).getAsString() : def;
    }

    private static boolean bool(JsonObject o, String key, boolean def) {
        return o.has(key) ? o.get(key).getAsBoolean() : def;
    }
}
