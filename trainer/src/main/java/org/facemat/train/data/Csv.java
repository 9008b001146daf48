package org.facemat.train.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A small reader for the shared data's comma-separated files (header row, no quoted commas). */
final class Csv {
    final Path file;
    final Map<String, Integer> columns = new HashMap<>();
    final List<String[]> rows = new ArrayList<>();

    private Csv(Path file) {
        this.file = file;
    }

    static Csv read(Path file, String what, String... required) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(what + ": " + file.getFileName() + " missing");
        }
        Csv c = new Csv(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IOException(what + ": " + file.getFileName() + " is empty");
        }
        String[] head = lines.get(0).trim().split(",", -1);
        for (int i = 0; i < head.length; i++) {
            c.columns.put(head[i].trim(), i);
        }
        for (String r : required) {
            if (!c.columns.containsKey(r)) {
                throw new IOException(what + ": " + file.getFileName() + " has no column '" + r + "'");
            }
        }
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.isEmpty()) {
                String[] f = line.split(",", -1);
                if (f.length < head.length) {
                    throw new IOException(what + ": " + file.getFileName() + " line " + (i + 1) + " has " + f.length
                            + " fields, expected " + head.length);
                }
                c.rows.add(f);
            }
        }
        return c;
    }

    String get(String[] row, String col) {
        return row[columns.get(col)].trim();
    }

    double num(String[] row, String col, int rowIndex) throws IOException {
        try {
            return Double.parseDouble(get(row, col));
        } catch (NumberFormatException e) {
            throw new IOException(file.getFileName() + " row " + (rowIndex + 2) + ": '" + col + "' is not a number");
        }
    }
}
