package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.facemat.farm.FarmJob;

/**
 * What the farm tests share: a float EXR preset, frame names, pixel differences, and file names that a shell would
 * run if a job pasted them into its text, with a stand-in facemat that records the words it receives.
 */
final class FarmTesting {
    private FarmTesting() {
    }

    /** A preset writing {@code {out}.####.exr} with 32-bit float channels, so that differences are not rounded. */
    static Path floatPreset(Path dir) throws IOException {
        Path preset = dir.resolve("float-exr.json");
        Files.writeString(preset, """
                {
                  "name": "float-exr",
                  "description": "test: float EXR, A + facemat.uncertainty",
                  "passes": [
                    {"type": "exr", "path": "{out}.####.exr", "pixels": "float", "compression": "zip"}
                  ]
                }
                """);
        return preset;
    }

    /** Frame n of the output base {@code folder/m}. */
    static Path frame(Path folder, long n) {
        return folder.resolve(String.format("m.%04d.exr", n));
    }

    static double maxDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new AssertionError("sizes differ: " + a.length + " vs " + b.length);
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    /** A file name part that runs {@code touch PWNED} in a shell if it is not passed as data. */
    static final String HOSTILE = "sh 010 it's \"q\" $(touch PWNED) `touch PWNED` ; x";

    /** The sample clip under {@code dir/<HOSTILE>/<name>} (a copy), so that the export can read it. */
    static Path hostileInput(Path dir, String name) throws IOException {
        Path in = dir.resolve("in " + HOSTILE).resolve(name);
        Files.createDirectories(in.getParent());
        Files.copy(Harness.sample(), in);
        return in;
    }

    /**
     * A stand-in for the facemat command: writes the words it was run with, each ended by a NUL byte, to a new file
     * {@code argv.*} in {@code records}, and exits 0.
     */
    static Path argvRecorder(Path dir, Path records) throws IOException {
        Files.createDirectories(records);
        Path stub = dir.resolve("bin/facemat-stub");
        Files.createDirectories(stub.getParent());
        Files.writeString(stub, "#!/bin/sh\nf=$(mktemp " + FarmJob.quote(records + "/argv.XXXXXX") + ") || exit 1\n"
                + "printf '%s\\0' \"$@\" > \"$f\"\n");
        Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        return stub;
    }

    /** The command lines the recorder wrote, in no particular order. */
    static List<List<String>> recorded(Path records) throws IOException {
        List<List<String>> runs = new ArrayList<>();
        for (Path f : Harness.files(records)) {
            String s = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            List<String> words = new ArrayList<>(Arrays.asList(s.split("\0", -1)));
            assertEquals("", words.remove(words.size() - 1), f + ": every word ends with a NUL byte");
            runs.add(words);
        }
        return runs;
    }

    /** The word after {@code option} in a recorded command line. */
    static String after(List<String> words, String option) {
        int i = words.indexOf(option);
        if (i < 0 || i + 1 >= words.size()) {
            throw new AssertionError("no " + option + " in " + words);
        }
        return words.get(i + 1);
    }

    /** No file named PWNED anywhere under the roots: no value was run as a command. */
    static void assertNothingRan(Path... roots) throws IOException {
        for (Path root : roots) {
            try (Stream<Path> s = Files.walk(root)) {
                List<Path> pwned = s.filter(p -> p.getFileName() != null
                        && p.getFileName().toString().equals("PWNED")).toList();
                assertEquals(List.of(), pwned, "a value was run as shell text");
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
