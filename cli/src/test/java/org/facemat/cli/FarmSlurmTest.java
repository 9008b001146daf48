package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.facemat.farm.FarmJob;
import org.facemat.media.exr.ExrFile;
import org.facemat.media.exr.ExrReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported Slurm job on a real Slurm: a one-node cluster started here (munged, slurmctld, slurmd), the job array
 * and the movie job queued with the exported submit script, waited on, and the frames compared with a continuous
 * render of the same range on this machine.
 */
class FarmSlurmTest {
    static final int FIRST = 0;
    static final int LAST = 11;
    static final int CHUNK = 4;

    @TempDir
    Path dir;

    @Test
    void chunkedJobOnSlurmEqualsAContinuousRender() throws Exception {
        String missing = SlurmCluster.missing();
        if (missing != null) {
            String reason = "SKIPPED: " + missing;
            System.out.println(reason);
            Assumptions.assumeTrue(false, reason);
        }
        Harness.requireTools("ffprobe");
        // the farm's "facemat": this build's class path, as an installed launcher would run it
        Path launcher = dir.resolve("bin/facemat");
        Files.createDirectories(launcher.getParent());
        StringBuilder sh = new StringBuilder("#!/bin/sh\nexec");
        for (String w : Harness.javaCommand()) {
            sh.append(' ').append(FarmJob.quote(w));
        }
        sh.append(" \"$@\"\n");
        Files.writeString(launcher, sh.toString());
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path jobs = dir.resolve("jobs");
        Path base = dir.resolve("renders/matte");
        Harness.Result export = Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "slurm",
                "--frames", FIRST + "-" + LAST, "--chunk", Integer.toString(CHUNK), "--out", base.toString(),
                "--job-dir", jobs.toString(), "--facemat", launcher.toString(), "--threads", "1", "--movie", "prores",
                "--name", "sh010", "--memory", "2G", "--time", "45m");
        assertEquals(ExitCode.OK, export.code(), export.toString());

        long t0 = System.nanoTime();
        try (SlurmCluster cluster = new SlurmCluster(dir.resolve("slurm"))) {
            System.out.printf("slurm cluster up in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            SlurmCluster.Run submit = cluster.run(List.of("bash", jobs.resolve("sh010.submit.sh").toString()), 60,
                    Map.of());
            assertEquals(0, submit.code(), "submit: " + submit.out());
            String render = null;
            String movie = null;
            for (String line : submit.out().split("\\R")) {
                if (line.startsWith("render=")) {
                    render = line.substring(7).trim();
                } else if (line.startsWith("movie=")) {
                    movie = line.substring(6).trim();
                }
            }
            assertTrue(render != null && movie != null, "job ids printed: " + submit.out());
            final String movieJob = movie;
            try {
                SlurmCluster.waitFor(() -> {
                    String s = cluster.state(movieJob);
                    if (s.matches("FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE")) {
                        throw new AssertionError("movie job " + movieJob + " ended " + s);
                    }
                    return s.equals("COMPLETED");
                }, 240, "the movie job completed");
            } catch (AssertionError e) {
                fail(e.getMessage() + "\njobs:\n" + cluster.jobs() + "\nlogs:\n" + logs(base) + cluster.logs());
            }
            System.out.printf("slurm job done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            String renderState = cluster.run(List.of("scontrol", "-o", "show", "job", render), 10).out();
            int tasks = 0;
            for (String line : renderState.split("\\R")) {
                if (line.contains("ArrayTaskId=")) {
                    tasks++;
                    assertTrue(line.contains("JobState=COMPLETED"), "array task: " + line);
                }
            }
            assertEquals(3, tasks, "one array task per chunk:\n" + renderState);
            // Slurm read the memory and the time limit of --memory 2G --time 45m
            assertTrue(renderState.contains("MinMemoryNode=2G"), renderState);
            assertTrue(renderState.contains("TimeLimit=00:45:00"), renderState);
            String movieState = cluster.run(List.of("scontrol", "-o", "show", "job", movie), 10).out();
            assertTrue(movieState.contains("MinMemoryNode=2G") && movieState.contains("TimeLimit=00:45:00"),
                    movieState);
        }

        // each chunk logged one JSON line per frame it wrote, and its pre-roll reached the shot's first frame
        TreeSet<Integer> logged = new TreeSet<>();
        for (Path log : Harness.files(Path.of(base + ".logs"))) {
            if (!log.getFileName().toString().startsWith("render-")) {
                continue;
            }
            String text = Files.readString(log);
            List<String> json = new ArrayList<>();
            for (String l : text.split("\\R")) {
                if (l.startsWith("{")) {
                    json.add(l);
                }
            }
            JsonObject start = Harness.events(String.join("\n", json), "start").get(0);
            assertEquals(FIRST, start.get("preroll_from").getAsInt(), log + ": pre-roll from the shot's start");
            for (JsonObject f : Harness.events(String.join("\n", json), "frame")) {
                logged.add(f.get("frame").getAsInt());
            }
        }
        assertEquals(LAST - FIRST + 1, logged.size(), "every frame logged once by its chunk: " + logged);

        // the same range rendered continuously on this machine
        Path cont = dir.resolve("continuous/m");
        Harness.render(Harness.sample().toString(), "--preset", "nuke-exr", "--out", cont.toString(), "--frames",
                FIRST + "-" + LAST, "--log", "quiet");
        double max = 0;
        for (int n = FIRST; n <= LAST; n++) {
            ExrFile a = ExrReader.read(Path.of(String.format("%s.%04d.exr", cont, n)));
            ExrFile b = ExrReader.read(Path.of(String.format("%s.%04d.exr", base, n)));
            for (String c : new String[] {"A", "facemat.uncertainty"}) {
                max = Math.max(max, FarmTesting.maxDiff(a.image().channel(c).values(), b.image().channel(c).values()));
            }
        }
        System.out.println("slurm chunked vs continuous: largest difference " + max);
        assertTrue(max < 1.0 / 1024, "chunks rendered on Slurm equal the continuous render: " + max);

        Path mov = Path.of(base + ".mov");
        Map<String, String> p = Harness.probe(mov);
        assertEquals("prores", p.get("stream.codec_name"), p.toString());
        assertEquals(Integer.toString(LAST - FIRST + 1), p.get("stream.nb_read_frames"), "the movie has every frame");
        assertEquals("01:00:00:00", p.getOrDefault("stream.tags.timecode", p.get("format.tags.timecode")));
        // --movie prores is the resolve-prores4444 preset: its uncertainty movie too
        Map<String, String> u = Harness.probe(Path.of(base + ".uncertainty.mov"));
        assertEquals("prores", u.get("stream.codec_name"), u.toString());
        assertEquals(Integer.toString(LAST - FIRST + 1), u.get("stream.nb_read_frames"), "every frame");
    }

    /**
     * Paths with spaces, quotes, $(...), backticks, ; and % (and a newline in the input) in an exported Slurm job, run
     * by the one-node cluster (or, without Slurm, the scripts run by bash as an array task would): facemat, a stand-in
     * that records its words, receives each path as one word, the logs land in the literal log folder, nothing else
     * runs.
     */
    @Test
    void hostileNamesReachTheJobAsSingleWords() throws Exception {
        Path input = FarmTesting.hostileInput(dir, "plate " + FarmTesting.HOSTILE + "\nline 2.mp4");
        Path base = dir.resolve("out " + FarmTesting.HOSTILE).resolve("m " + FarmTesting.HOSTILE + " 100%u");
        Path model = dir.resolve("models " + FarmTesting.HOSTILE).resolve("m'1.onnx");
        Path records = dir.resolve("argv");
        Path stub = FarmTesting.argvRecorder(dir, records);
        Path jobs = dir.resolve("jobs");
        Harness.Result export = Harness.facemat("farm", "export", input.toString(), "--engine", "slurm", "--frames",
                "0-11", "--chunk", "4", "--out", base.toString(), "--model", model.toString(), "--job-dir",
                jobs.toString(), "--facemat", stub.toString(), "--threads", "1");
        assertEquals(ExitCode.OK, export.code(), export.toString());
        Path submitScript = Harness.files(jobs).stream().filter(f -> f.toString().endsWith(".submit.sh")).findFirst()
                .orElseThrow();
        String name = submitScript.getFileName().toString().replace(".submit.sh", "");
        assertTrue(name.matches("[A-Za-z0-9_.-]+"), "job name made safe: " + name);
        Path logs = Path.of(base + ".logs");

        String missing = SlurmCluster.missing();
        if (missing == null) {
            try (SlurmCluster cluster = new SlurmCluster(dir.resolve("slurm"))) {
                SlurmCluster.Run submit = cluster.run(List.of("bash", submitScript.toString(), "--chdir=" + dir),
                        60, Map.of());
                assertEquals(0, submit.code(), "submit: " + submit.out());
                String render = null;
                String movie = null;
                for (String line : submit.out().split("\\R")) {
                    if (line.startsWith("render=")) {
                        render = line.substring(7).trim();
                    } else if (line.startsWith("movie=")) {
                        movie = line.substring(6).trim();
                    }
                }
                assertTrue(render != null && movie != null, "job ids printed: " + submit.out());
                final String movieJob = movie;
                try {
                    SlurmCluster.waitFor(() -> {
                        String st = cluster.state(movieJob);
                        if (st.matches("FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|BOOT_FAIL|DEADLINE")) {
                            throw new AssertionError("movie job " + movieJob + " ended " + st);
                        }
                        return st.equals("COMPLETED");
                    }, 120, "the movie job completed");
                } catch (AssertionError e) {
                    fail(e.getMessage() + "\njobs:\n" + cluster.jobs() + "\n" + cluster.logs());
                }
                // #SBATCH --output was read literally: the logs are in the log folder, with Slurm's own patterns
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    expected.add("render-" + render + "_" + i + ".log");
                }
                expected.add("movie-" + movie + ".log");
                assertEquals(new TreeSet<>(expected), new TreeSet<>(Harness.names(logs)), "logs in " + logs);
                System.out.println("slurm: hostile names ran as words, logs " + Harness.names(logs));
            }
        } else {
            System.out.println("no Slurm (" + missing + "): the scripts run with bash as array tasks");
            for (int i = 0; i < 3; i++) {
                runIn(dir, List.of("bash", jobs.resolve(name + ".render.sbatch").toString()),
                        Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(i)));
            }
            runIn(dir, List.of("bash", jobs.resolve(name + ".movie.sbatch").toString()), Map.of());
        }
        FarmExportTest.assertHostileWordsArrived(records, input.toString(), base.toString(), model.toString(),
                List.of("0-3", "4-7", "8-11"));
        FarmTesting.assertNothingRan(dir, Path.of("").toAbsolutePath());
    }

    private static void runIn(Path dir, List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), cmd + "\n" + out);
    }

    private static String logs(Path base) throws Exception {
        StringBuilder b = new StringBuilder();
        for (Path f : Harness.files(Path.of(base + ".logs"))) {
            b.append("--- ").append(f.getFileName()).append('\n').append(Files.readString(f)).append('\n');
        }
        return b.toString();
    }
}
