package org.facemat.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Strict reading of the project's JSON files (presets, training configs): standard JSON only (no comments, single
 * quotes, bare words, NaN), no key given twice in an object, and typed access to fields whose errors name the key and
 * show the value. Every failure is an {@link IllegalArgumentException} with a one-line message, which the reader of a
 * file prefixes with the file's name.
 */
public final class StrictJson {
    /** Deepest nesting of objects and lists read; the files read here need three levels. */
    static final int MAX_DEPTH = 32;
    /** Longest stretch of a value shown in a message. */
    private static final int SHOWN_MAX = 60;

    private StrictJson() {
    }

    /**
     * Parses {@code text} as one JSON object.
     *
     * @throws IllegalArgumentException "not valid JSON (...)", "not a JSON object" or a key given twice, on one line
     */
    public static JsonObject parseObject(String text) {
        JsonElement e;
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setStrictness(Strictness.STRICT);
            e = read(r, 0);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("not valid JSON (more after the end of the object)");
            }
        } catch (IOException | IllegalStateException | NumberFormatException ex) {
            throw new IllegalArgumentException("not valid JSON (" + firstLine(ex.getMessage()) + ")");
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return e.getAsJsonObject();
    }

    private static JsonElement read(JsonReader r, int depth) throws IOException {
        JsonToken t = r.peek();
        switch (t) {
            case BEGIN_OBJECT -> {
                nest(r, depth);
                JsonObject o = new JsonObject();
                r.beginObject();
                while (r.hasNext()) {
                    String key = r.nextName();
                    if (o.has(key)) {
                        throw new IllegalArgumentException("key " + show(key) + " is given twice");
                    }
                    o.add(key, read(r, depth + 1));
                }
                r.endObject();
                return o;
            }
            case BEGIN_ARRAY -> {
                nest(r, depth);
                JsonArray a = new JsonArray();
                r.beginArray();
                while (r.hasNext()) {
                    a.add(read(r, depth + 1));
                }
                r.endArray();
                return a;
            }
            case STRING -> {
                return new JsonPrimitive(r.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(r.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(r.nextBoolean());
            }
            case NULL -> {
                r.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new IllegalArgumentException("not valid JSON (unexpected " + t + " at "
                    + r.getPath() + ")");
        }
    }

    private static void nest(JsonReader r, int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("not valid JSON (nested more than " + MAX_DEPTH + " deep at "
                    + r.getPath() + ")");
        }
    }

    /** Refuses a key of {@code o} not in {@code known}: "unknown key "x" (known: a, b)". */
    public static void knownKeys(JsonObject o, Collection<String> known) {
        for (String k : o.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown key " + show(k) + " (known: " + String.join(", ",
                        known instanceof Set<?> ? known.stream().sorted().toList() : known) + ")");
            }
        }
    }

    /** A string field, {@code dflt} when absent. */
    public static String string(JsonObject o, String key, String dflt) {
        JsonElement e = o.get(key);
        if (e == null) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException(show(key) + " must be a string, not " + show(e));
        }
        return e.getAsString();
    }

    /** A boolean field, {@code dflt} when absent. */
    public static boolean bool(JsonObject o, String key, boolean dflt) {
        JsonElement e = o.get(key);
        if (e == null) {
            return dflt;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException(show(key) + " must be true or false, not " + show(e));
        }
        return e.getAsBoolean();
    }

    /**
     * One of {@code words} (any case), {@code dflt} when absent; the result is the word as listed.
     * "\"pixels\" must be \"half\" or \"float\", not \"float32\"".
     */
    public static String oneOf(JsonObject o, String key, String dflt, List<String> words) {
        JsonElement e = o.get(key);
        if (e == null) {
            return dflt;
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            for (String w : words) {
                if (w.equalsIgnoreCase(e.getAsString())) {
                    return w;
                }
            }
        }
        throw new IllegalArgumentException(show(key) + " must be " + choices(words) + ", not " + show(e));
    }

    /** "a", "b" or "c". */
    public static String choices(List<String> words) {
        List<String> q = new ArrayList<>();
        for (String w : words) {
            q.add(show(w));
        }
        if (q.size() == 1) {
            return q.get(0);
        }
        return String.join(", ", q.subList(0, q.size() - 1)) + " or " + q.get(q.size() - 1);
    }

    /** A whole number in [min, max], {@code dflt} when absent. */
    public static long whole(JsonObject o, String key, long dflt, long min, long max) {
        JsonElement e = o.get(key);
        if (e == null) {
            return dflt;
        }
        BigDecimal v = number(key, e);
        BigDecimal whole;
        try {
            whole = v.stripTrailingZeros();
            if (whole.scale() > 0) {
                throw new IllegalArgumentException(show(key) + " must be a whole number, not " + show(e));
            }
        } catch (ArithmeticException ex) {
            throw new IllegalArgumentException(show(key) + " must be a whole number, not " + show(e));
        }
        if (whole.compareTo(BigDecimal.valueOf(min)) < 0 || whole.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new IllegalArgumentException(show(key) + " must be a whole number in " + min + ".." + max
                    + ", not " + show(e));
        }
        return whole.longValueExact();
    }

    /** A number that is finite as a float, {@code dflt} when absent. */
    public static float real(JsonObject o, String key, float dflt) {
        JsonElement e = o.get(key);
        if (e == null) {
            return dflt;
        }
        float f = number(key, e).floatValue();
        if (!Float.isFinite(f)) {
            throw new IllegalArgumentException(show(key) + " must be a number within float range, not " + show(e));
        }
        return f;
    }

    private static BigDecimal number(String key, JsonElement e) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(show(key) + " must be a number, not " + show(e));
        }
        Number n = e.getAsNumber();
        return n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
    }

    /** A value as a message shows it: a string in double quotes (escaped, cut), a number as written, else its kind. */
    public static String show(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "a list";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isString()) {
            return show(p.getAsString());
        }
        String s = p.isNumber() && p.getAsNumber() instanceof BigDecimal b ? b.toString() : p.toString();
        return s.length() > SHOWN_MAX ? s.substring(0, SHOWN_MAX) + "..." : s;
    }

    /** A string in double quotes for a one-line message: control characters escaped, cut when long. */
    public static String show(String s) {
        return "\"" + OneLine.escape(s, SHOWN_MAX, "\"\\") + "\"" + (s.length() > SHOWN_MAX ? "..." : "");
    }

    /** The first line of an exception message (Gson adds a second line with a link). */
    public static String firstLine(String s) {
        String m = String.valueOf(s);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
