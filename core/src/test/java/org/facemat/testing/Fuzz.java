package org.facemat.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded fuzz run over one reader: each case either loads or fails with the reader's documented exception type on
 * one line; anything else (another exception, a message on several lines) fails the test naming the seed and the
 * case. Bounded by default; {@code -Dfacemat.fuzzCases=N} runs N cases, {@code -Dfacemat.fuzzSeed=S} another seed.
 */
public final class Fuzz {
    /** A reader under test: returns normally when the input loads, throws when it is refused. */
    public interface Reader {
        void read(String input) throws Exception;
    }

    private final String name;
    private final long seed;
    private final int cases;
    private final Random random;
    private int rejected;
    private int loaded;

    public Fuzz(String name, int defaultCases) {
        this.name = name;
        this.seed = Long.getLong("facemat.fuzzSeed", 20240611L);
        this.cases = Integer.getInteger("facemat.fuzzCases", defaultCases);
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    public int cases() {
        return cases;
    }

    /**
     * Runs one case.
     *
     * @param documented the exception type the reader documents (subclasses count only when listed)
     * @param mustMention fragments every refusal's message contains (e.g. the file name)
     */
    public void check(int index, String input, Reader reader, Class<? extends Exception> documented,
                      List<String> mustMention) {
        try {
            reader.read(input);
            loaded++;
        } catch (Exception e) {
            if (e.getClass() != documented) {
                fail(name + " fuzz: seed " + seed + ", case " + index + ": " + e.getClass().getName() + " ("
                        + e.getMessage() + ") instead of " + documented.getSimpleName() + " for input "
                        + shown(input), e);
            }
            String m = String.valueOf(e.getMessage());
            if (m.contains("\n") || m.contains("\r") || m.isBlank()) {
                fail(name + " fuzz: seed " + seed + ", case " + index + ": message not one line: " + shown(m)
                        + " for input " + shown(input));
            }
            for (String f : mustMention) {
                if (!m.contains(f)) {
                    fail(name + " fuzz: seed " + seed + ", case " + index + ": message " + shown(m) + " does not name "
                            + f + " (input " + shown(input) + ")");
                }
            }
            rejected++;
        } catch (StackOverflowError | OutOfMemoryError e) {
            fail(name + " fuzz: seed " + seed + ", case " + index + ": " + e + " for input " + shown(input));
        }
    }

    /** The summary line, printed and returned. */
    public String report() {
        String s = name + " fuzz: " + (rejected + loaded) + " cases, seed " + seed + ", " + rejected + " rejected, "
                + loaded + " loaded";
        System.out.println(s);
        return s;
    }

    public int loaded() {
        return loaded;
    }

    public int rejected() {
        return rejected;
    }

    private static String shown(String s) {
        String t = s.length() > 400 ? s.substring(0, 400) + "..." : s;
        return "[" + t.replace("\n", "\\n") + "]";
    }

    // ------------------------------------------------------------------ mutations shared by the JSON fuzzers

    /** Values at the edges: wrong types, extreme numbers, odd strings. */
    public String oddValue() {
        String[] v = {"null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "1e-400", "9223372036854775808",
            "2147483648", "-2147483649", "1e9999999999", "0.0000001", "\"\"", "\" \"", "\"oops\"", "\"\\u0000\"",
            "\"a\\nb\"", "\"../../etc\"", "\"/abs/path\"", "[]", "[1,2]", "[\"x\"]", "{}", "{\"a\":1}", "[[[[[]]]]]",
            "\"half\"", "\"float\"", "\"zip\"", "\"none\"", "\"exr\"", "\"both\"", "\"cosine\"", "\"teacher\"",
            "\"{out}.####.exr\"", "\"{out}.mov\"", "123456789012345678901234567890", "-0", "1E5", "64", "4",
            "\"" + "x".repeat(300) + "\"", "\"\\ud800\""};
        if (random.nextInt(4) == 0) {
            return "\"" + randomText(random.nextInt(12)) + "\"";
        }
        return v[random.nextInt(v.length)];
    }

    /** Printable and not so printable characters, escaped for a JSON string. */
    public String randomText(int n) {
        StringBuilder b = new StringBuilder();
        String alphabet = "abcxyz019.-_/\\\"{}#%:,<>= \t";
        for (int i = 0; i < n; i++) {
            char c = random.nextInt(10) == 0 ? (char) random.nextInt(0x3000) : alphabet.charAt(random.nextInt(
                    alphabet.length()));
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0xd800 && c < 0xe000)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** A random edit of raw text: truncation, a deleted, doubled or swapped stretch, a random character. */
    public String mutateText(String s) {
        if (s.isEmpty()) {
            return "{";
        }
        int i = random.nextInt(s.length());
        int j = Math.min(s.length(), i + 1 + random.nextInt(12));
        return switch (random.nextInt(5)) {
            case 0 -> s.substring(0, i);
            case 1 -> s.substring(0, i) + s.substring(j);
            case 2 -> s.substring(0, j) + s.substring(i);
            case 3 -> s.substring(0, i) + (char) (32 + random.nextInt(95)) + s.substring(i + 1);
            default -> s.substring(0, i) + "\u0000\uffff" + s.substring(i);
        };
    }
    /**
     * A random structural edit of a JSON document, one to three times: a value replaced by an odd one, a key deleted,
     * duplicated, misspelt or added, a list item deleted, doubled or replaced, the whole document replaced; sometimes
     * followed by a raw text edit (truncation and the like).
     */
    public String mutateJson(String json) {
        JsonElement root = JsonParser.parseString(json);
        String duplicate = null;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            List<JsonObject> objects = new ArrayList<>();
            List<JsonArray> arrays = new ArrayList<>();
            collect(root, objects, arrays);
            int op = random.nextInt(10);
            if (op == 9 || (objects.isEmpty() && arrays.isEmpty())) {
                root = JsonParser.parseString(oddValue());
                continue;
            }
            if (op >= 7 && !arrays.isEmpty()) {
                JsonArray a = arrays.get(random.nextInt(arrays.size()));
                if (a.isEmpty()) {
                    a.add(JsonParser.parseString(oddValue()));
                } else {
                    int i = random.nextInt(a.size());
                    switch (random.nextInt(3)) {
                        case 0 -> a.remove(i);
                        case 1 -> a.add(a.get(i).deepCopy());
                        default -> a.set(i, JsonParser.parseString(oddValue()));
                    }
                }
                continue;
            }
            if (objects.isEmpty()) {
                continue;
            }
            JsonObject o = objects.get(random.nextInt(objects.size()));
            List<String> keys = new ArrayList<>(o.keySet());
            String k = keys.isEmpty() ? "x" : keys.get(random.nextInt(keys.size()));
            switch (keys.isEmpty() ? 3 : op % 7) {
                case 0, 1, 2 -> o.add(k, JsonParser.parseString(oddValue()));
                case 3 -> o.add(random.nextBoolean() ? k + "s" : randomText(1 + random.nextInt(8)),
                        JsonParser.parseString(oddValue()));
                case 4 -> o.remove(k);
                case 5 -> {
                    JsonElement v = o.remove(k);
                    o.add(k.length() > 1 ? k.substring(1) : k.toUpperCase(java.util.Locale.ROOT), v);
                }
                default -> {
                    if (duplicate == null) {
                        duplicate = k;
                        o.add(DUP, random.nextBoolean() ? o.get(k).deepCopy() : JsonParser.parseString(oddValue()));
                    }
                }
            }
        }
        String text = new Gson().toJson(root);
        if (duplicate != null) {
            text = text.replace("\"" + DUP + "\"", new Gson().toJson(duplicate));
        }
        return random.nextInt(5) == 0 ? mutateText(text) : text;
    }

    private static final String DUP = "__duplicate__";

    private static void collect(JsonElement e, List<JsonObject> objects, List<JsonArray> arrays) {
        if (e.isJsonObject()) {
            objects.add(e.getAsJsonObject());
            for (JsonElement v : e.getAsJsonObject().asMap().values()) {
                collect(v, objects, arrays);
            }
        } else if (e.isJsonArray()) {
            arrays.add(e.getAsJsonArray());
            for (JsonElement v : e.getAsJsonArray()) {
                collect(v, objects, arrays);
            }
        }
    }
}
