package org.facemat.train.loop;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The run's metrics as JSON lines, one object per training step ({@code "kind":"step"}) or validation
 * ({@code "kind":"validation"}), each with its {@code "step"}. On a resume, lines after the checkpoint's step are
 * dropped, so the log reads as one uninterrupted run.
 */
final class MetricsLog implements AutoCloseable {
    private final Path file;
    private final Writer out;

    private MetricsLog(Path file, Writer out) {
        this.file = file;
        this.out = out;
    }

    /** Opens the log, keeping only lines up to {@code keepThroughStep}. */
    static MetricsLog open(Path file, long keepThroughStep) throws IOException {
        List<String> kept = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    if (JsonParser.parseString(line).getAsJsonObject().get("step").getAsLong() <= keepThroughStep) {
                        kept.add(line);
                    }
                } catch (RuntimeException e) {
                    // a line cut short by a kill: dropped
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, kept, StandardCharsets.UTF_8);
        return new MetricsLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
    }

    void append(JsonObject line) throws IOException {
        out.write(line.toString());
        out.write('\n');
        out.flush();
    }

    Path file() {
        return file;
    }

    /** Every line of a log, parsed. */
    static List<JsonObject> read(Path file) throws IOException {
        List<JsonObject> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(JsonParser.parseString(line).getAsJsonObject());
            }
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
