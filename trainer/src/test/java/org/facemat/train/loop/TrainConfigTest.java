package org.facemat.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {
    @TempDir
    Path dir;

    private Path write(String json) throws IOException {
        Path f = dir.resolve("cfg.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void defaultsAndPathsRelativeToTheFile() throws IOException {
        TrainConfig c = TrainConfig.read(write("{\"data\": \"d\", \"out\": \"runs/a\", \"stage\": \"teacher\"}"));
        assertEquals(dir.resolve("d"), c.data());
        assertEquals(dir.resolve("runs/a"), c.out());
        assertEquals(dir.resolve("runs/eval-split"), c.evalSplit());
        assertEquals(TrainConfig.Stage.TEACHER, c.stage());
        assertEquals(192, c.size());
        assertEquals(4, c.seqLen());
        assertEquals(0.5f, c.beta1());
        assertEquals(2e-4f, c.lrDecoder());
        assertEquals(null, c.base());
        assertEquals(RateSchedule.CONSTANT, c.schedule());
    }

    @Test
    void thePriorIsOffUnlessAskedFor() throws IOException {
        assertEquals(false, TrainConfig.read(write("{\"data\": \"d\"}")).takesPrior());
        TrainConfig c = TrainConfig.read(write("{\"data\": \"d\", \"prior\": true}"));
        assertEquals(org.facemat.net.PriorInputs.STEM_AND_DECODER, c.prior());
        assertEquals(true, c.withOut(dir).withBase(dir).takesPrior());
        // how 2.0.0 was trained: the prior at the stem only
        assertEquals(org.facemat.net.PriorInputs.STEM,
                TrainConfig.read(write("{\"data\": \"d\", \"prior\": \"stem\"}")).prior());
        Path f = write("{\"data\": \"d\", \"prior\": \"yes\"}");
        IOException e = assertThrows(IOException.class, () -> TrainConfig.read(f));
        assertTrue(e.getMessage().startsWith(f + ": ") && e.getMessage().contains("prior"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void readsTheRateSchedule() throws IOException {
        TrainConfig c = TrainConfig.read(write("{\"data\": \"d\", \"schedule\": \"Cosine\", \"warmup\": 20, "
                + "\"lrFloor\": 0.1}"));
        assertEquals(new RateSchedule(RateSchedule.Kind.COSINE, 20, 0.1f), c.schedule());

        Path f = write("{\"data\": \"d\", \"schedule\": \"linear\"}");
        assertEquals(f + ": \"schedule\" must be \"constant\" or \"cosine\", not \"linear\"",
                assertThrows(IOException.class, () -> TrainConfig.read(f)).getMessage());
        Path g = write("{\"data\": \"d\", \"schedule\": \"cosine\", \"lrFloor\": 1.5}");
        assertEquals(g + ": lrFloor must be in [0, 1]",
                assertThrows(IOException.class, () -> TrainConfig.read(g)).getMessage());
        Path h = write("{\"data\": \"d\", \"warmup\": 5}");
        assertEquals(h + ": \"warmup\" and \"lrFloor\" need \"schedule\": \"cosine\"",
                assertThrows(IOException.class, () -> TrainConfig.read(h)).getMessage());
    }

    @Test
    void refusesWithOneLineNamingTheFile() throws IOException {
        Path f = write("{\"data\": \"d\", \"stpes\": 3}");
        IOException e = assertThrows(IOException.class, () -> TrainConfig.read(f));
        assertEquals(f + ": unknown setting \"stpes\"", e.getMessage());

        Path g = write("{\"data\": \"d\", \"size\": \"big\"}");
        assertEquals(g + ": \"size\" must be a number, not \"big\"", assertThrows(IOException.class, () -> TrainConfig.read(g))
                .getMessage());

        Path h = write("{\"data\": \"d\", \"size\": 30}");
        assertEquals(h + ": size must be a multiple of 4, at least 32",
                assertThrows(IOException.class, () -> TrainConfig.read(h)).getMessage());

        Path i = write("{\"size\": 64}");
        assertTrue(assertThrows(IOException.class, () -> TrainConfig.read(i)).getMessage().contains("\"data\""));

        Path j = write("{\"data\": ");
        String m = assertThrows(IOException.class, () -> TrainConfig.read(j)).getMessage();
        assertTrue(m.startsWith(j + ": not valid JSON"), m);

        Path k = write("{\"data\": \"d\", \"stage\": \"pupil\"}");
        assertTrue(assertThrows(IOException.class, () -> TrainConfig.read(k)).getMessage().startsWith(k + ": "));

        Path missing = dir.resolve("none.json");
        assertEquals(missing + ": config file not found",
                assertThrows(IOException.class, () -> TrainConfig.read(missing)).getMessage());
    }
    private String refused(String json) throws IOException {
        Path f = write(json);
        IOException e = assertThrows(IOException.class, () -> TrainConfig.read(f));
        assertEquals(IOException.class, e.getClass());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage().substring((f + ": ").length());
    }

    @Test
    void wrongTypesNameTheKey() throws IOException {
        assertEquals("\"name\" must be a string, not 5", refused("{\"data\": \"d\", \"name\": 5}"));
        assertEquals("\"data\" must be a string, not a list", refused("{\"data\": []}"));
        assertEquals("\"size\" must be a number, not null", refused("{\"data\": \"d\", \"size\": null}"));
        assertEquals("\"size\" must be a whole number, not 192.5", refused("{\"data\": \"d\", \"size\": 192.5}"));
        assertEquals("\"size\" must be a whole number in -2147483648..2147483647, not 1E+40",
                refused("{\"data\": \"d\", \"size\": 1e40}"));
        assertEquals("\"lrDecoder\" must be a number within float range, not 1E+400",
                refused("{\"data\": \"d\", \"lrDecoder\": 1e400}"));
        assertEquals("\"stage\" must be \"teacher\", \"student\" or \"both\", not \"pupil\"",
                refused("{\"data\": \"d\", \"stage\": \"pupil\"}"));
        assertEquals("\"stage\" must be \"teacher\", \"student\" or \"both\", not 1",
                refused("{\"data\": \"d\", \"stage\": 1}"));
        assertEquals("key \"size\" is given twice", refused("{\"data\": \"d\", \"size\": 64, \"size\": 96}"));
        assertEquals("\"data\" is not a file path: \"a\\u0000b\" (Nul character not allowed)",
                refused("{\"data\": \"a\\u0000b\"}"));
        assertTrue(refused("{\"data\": \"d\", \"size\": NaN}").startsWith("not valid JSON ("));
        assertTrue(refused("{\"data\": \"d\"} x").startsWith("not valid JSON ("));
        assertEquals("not a JSON object", refused("[]"));
    }

    @Test
    void extraDataIsReadStrictly() throws IOException {
        assertEquals("\"extra\" must be an object, not \"x\"", refused("{\"data\": \"d\", \"extra\": \"x\"}"));
        assertEquals("unknown setting \"extra.hand\"", refused("{\"data\": \"d\", \"extra\": {\"hand\": []}}"));
        assertEquals("\"extra.hands\" item 2 must be a folder path, not 5",
                refused("{\"data\": \"d\", \"extra\": {\"hands\": [\"h\", 5]}}"));
        assertEquals("\"extra.celebAMaskHq\" must be a folder path, not an object",
                refused("{\"data\": \"d\", \"extra\": {\"celebAMaskHq\": {}}}"));
        assertEquals("\"extra.studioShots\" item 1 must be an object with \"footage\" and \"mattes\", not 5",
                refused("{\"data\": \"d\", \"extra\": {\"studioShots\": [5]}}"));
        assertEquals("\"extra.studioShots\" item 1: \"mattes\" must be a string, not true",
                refused("{\"data\": \"d\", \"extra\": {\"studioShots\": [{\"footage\": \"f\", \"mattes\": true}]}}"));
        assertEquals("\"extra.studioShots\" item 1: unknown setting \"matte\"",
                refused("{\"data\": \"d\", \"extra\": {\"studioShots\": [{\"footage\": \"f\", \"matte\": \"m\"}]}}"));
        TrainConfig c = TrainConfig.read(write("{\"data\": \"d\", \"extra\": {\"hands\": [\"h\"], "
                + "\"studioShots\": [{\"footage\": \"f\", \"mattes\": \"m\"}]}}"));
        assertEquals(java.util.List.of(dir.resolve("h")), c.extra().hands());
    }

    @Test
    void theShippedConfigsLoad() throws IOException {
        for (String n : new String[] {"facemat-default", "facemat-student-cosine", "smoke"}) {
            TrainConfig c = TrainConfig.read(Path.of("../configs", n + ".json"));
            assertTrue(c.name().startsWith("facemat"), n);
        }
    }

    /** Mutations of the shipped configs: each loads or is one IOException line naming the file. */
    @Test
    void fuzz() throws IOException {
        org.facemat.testing.Fuzz fuzz = new org.facemat.testing.Fuzz("train-config", 3000);
        java.util.List<String> sources = new java.util.ArrayList<>();
        for (String n : new String[] {"facemat-default", "facemat-student-cosine", "smoke"}) {
            sources.add(Files.readString(Path.of("../configs", n + ".json")));
        }
        // and one with every kind of extra data, so that its reader is mutated too
        sources.add("{\"data\": \"d\", \"schedule\": \"cosine\", \"warmup\": 5, \"lrFloor\": 0.1, \"extra\": "
                + "{\"celebAMaskHq\": \"c\", \"alphaOccluders\": [\"a\"], \"hands\": [\"h\"], \"textures\": [\"t\"], "
                + "\"studioShots\": [{\"footage\": \"f\", \"mattes\": \"m\"}]}}");
        Path f = dir.resolve("fuzz.json");
        for (int i = 0; i < fuzz.cases(); i++) {
            String input = fuzz.mutateJson(sources.get(fuzz.random().nextInt(sources.size())));
            fuzz.check(i, input, text -> {
                Files.write(f, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                TrainConfig.read(f);
            }, IOException.class, java.util.List.of(f.toString()));
        }
        String summary = fuzz.report();
        assertTrue(fuzz.rejected() > 0 && fuzz.loaded() > 0, summary);
    }
}
