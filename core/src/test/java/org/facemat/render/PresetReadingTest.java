package org.facemat.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.facemat.testing.Fuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presets are read strictly: a wrong type, an unknown key or value is one IOException line naming file and key. */
class PresetReadingTest {
    static final Path SHIPPED = Path.of("../presets");

    @TempDir
    Path dir;

    private String refused(String json) throws IOException {
        Path f = dir.resolve("x.json");
        Files.writeString(f, json);
        IOException e = assertThrows(IOException.class, () -> Preset.load(dir, "x"));
        String m = e.getMessage();
        assertTrue(m.startsWith(f + ": "), m);
        assertFalse(m.contains("\n"), m);
        return m.substring((f + ": ").length());
    }

    @Test
    void theShippedPresetsLoad() throws IOException {
        List<String> names = Preset.list(SHIPPED);
        assertEquals(List.of("nuke-exr", "png16", "resolve-prores4444", "review-preview"), names);
        for (String n : names) {
            Preset p = Preset.load(SHIPPED, n);
            assertEquals(n, p.name());
            assertFalse(p.passes().isEmpty());
        }
        Preset nuke = Preset.load(SHIPPED, "nuke-exr");
        assertEquals(new Preset.PassTemplate(PassSpec.Kind.EXR, "{out}.####.exr", PassSpec.Content.BOTH, false, true,
                false), nuke.passes().get(0));
    }

    @Test
    void wrongTypesAreRefused() throws IOException {
        assertEquals("\"passes\" must be a list of passes, not \"oops\"", refused("{\"passes\":\"oops\"}"));
        assertEquals("\"passes\" is missing (the list of outputs)", refused("{\"name\":\"x\"}"));
        assertEquals("preset has no passes", refused("{\"passes\":[]}"));
        assertEquals("pass 1 must be an object, not 3", refused("{\"passes\":[3]}"));
        assertEquals("\"name\" must be a string, not 5", refused("{\"name\":5,\"passes\":[{\"type\":\"exr\","
                + "\"path\":\"{out}.####.exr\"}]}"));
        assertEquals("pass 1: \"path\" must be a string, not a list",
                refused("{\"passes\":[{\"type\":\"exr\",\"path\":[]}]}"));
        assertEquals("pass 1: \"plate\" must be true or false, not \"yes\"",
                refused("{\"passes\":[{\"type\":\"exr\",\"path\":\"{out}.####.exr\",\"plate\":\"yes\"}]}"));
        assertEquals("pass 1: \"plate\" must be true or false, not null",
                refused("{\"passes\":[{\"type\":\"exr\",\"path\":\"{out}.####.exr\",\"plate\":null}]}"));
        assertEquals("not a JSON object", refused("[1]"));
        assertTrue(refused("{\"passes\": [").startsWith("not valid JSON ("));
        assertTrue(refused("{'passes': []}").startsWith("not valid JSON ("));
        Files.write(dir.resolve("x.json"), new byte[] {'{', (byte) 0xff, '}'});
        assertEquals(dir.resolve("x.json") + ": not a valid preset (not UTF-8 text)",
                assertThrows(IOException.class, () -> Preset.load(dir, "x")).getMessage());
    }

    @Test
    void unknownKeysAndValuesAreRefused() throws IOException {
        String pass = "{\"type\":\"exr\",\"path\":\"{out}.####.exr\",";
        assertEquals("pass 1: \"pixels\" must be \"half\" or \"float\", not \"float32\"",
                refused("{\"passes\":[" + pass + "\"pixels\":\"float32\"}]}"));
        assertEquals("pass 1: \"compression\" must be \"zip\" or \"none\", not \"piz\"",
                refused("{\"passes\":[" + pass + "\"compression\":\"piz\"}]}"));
        assertEquals("pass 2: \"content\" must be \"matte\", \"uncertainty\" or \"both\", not \"alpha\"",
                refused("{\"passes\":[" + pass + "\"pixels\":\"float\"},{\"type\":\"png\",\"path\":"
                        + "\"{out}.####.png\",\"content\":\"alpha\"}]}"));
        assertEquals("pass 1: \"type\" must be \"exr\", \"prores\", \"png\", \"tiff\" or \"preview\", not \"dpx\"",
                refused("{\"passes\":[{\"type\":\"dpx\",\"path\":\"{out}.####.dpx\"}]}"));
        assertEquals("pass 1: unknown key \"pixel\" (known: type, path, content, pixels, compression, plate)",
                refused("{\"passes\":[" + pass + "\"pixel\":\"float\"}]}"));
        assertEquals("unknown key \"pases\" (known: name, description, passes)",
                refused("{\"pases\":[], \"passes\":[" + pass + "\"plate\":true}]}"));
        assertEquals("pass 1: \"pixels\" applies to exr passes only, not to png",
                refused("{\"passes\":[{\"type\":\"png\",\"path\":\"{out}.####.png\",\"pixels\":\"float\"}]}"));
        assertEquals("key \"passes\" is given twice", refused("{\"passes\":[" + pass + "\"plate\":true}],"
                + "\"passes\":[]}"));
        assertEquals("pass 1: \"type\" is missing (\"exr\", \"prores\", \"png\", \"tiff\" or \"preview\")",
                refused("{\"passes\":[{\"path\":\"{out}.mov\"}]}"));
        assertEquals("pass 1: pass path \"out.####.exr\" does not use {out}",
                refused("{\"passes\":[{\"type\":\"exr\",\"path\":\"out.####.exr\"}]}"));
        assertTrue(refused("{\"passes\":[{\"type\":\"exr\",\"path\":\"{out}.exr\"}]}").startsWith("pass 1: "));
        // a value with a line break stays on one line
        assertEquals("pass 1: \"pixels\" must be \"half\" or \"float\", not \"a\\nb\"",
                refused("{\"passes\":[" + pass + "\"pixels\":\"a\\nb\"}]}"));
    }

    @Test
    void enumValuesAreReadInAnyCase() throws IOException {
        Files.writeString(dir.resolve("y.json"), "{\"passes\":[{\"type\":\"EXR\",\"path\":\"{out}.####.exr\","
                + "\"pixels\":\"Float\",\"compression\":\"NONE\",\"plate\":true}]}");
        Preset p = Preset.load(dir, "y");
        assertEquals(new Preset.PassTemplate(PassSpec.Kind.EXR, "{out}.####.exr", PassSpec.Content.BOTH, true, false,
                true), p.passes().get(0));
    }

    /** Mutations of the shipped presets: each loads or is one IOException line naming the file. */
    @Test
    void fuzz() throws IOException {
        Fuzz fuzz = new Fuzz("preset", 3000);
        List<String> sources = Preset.list(SHIPPED).stream().map(n -> {
            try {
                return Files.readString(SHIPPED.resolve(n + ".json"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList();
        Path f = dir.resolve("fuzz.json");
        for (int i = 0; i < fuzz.cases(); i++) {
            String input = fuzz.mutateJson(sources.get(fuzz.random().nextInt(sources.size())));
            fuzz.check(i, input, text -> {
                Files.write(f, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)); // lone surrogates: '?'
                Preset p = Preset.load(dir, "fuzz");
                p.resolve("renders/shot"); // a loaded preset resolves
            }, IOException.class, List.of(f.toString()));
        }
        String summary = fuzz.report();
        assertTrue(fuzz.rejected() > 0 && fuzz.loaded() > 0, summary);
    }
}
