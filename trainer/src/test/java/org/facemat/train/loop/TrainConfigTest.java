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
}
