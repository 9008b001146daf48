package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.facemat.farm.FarmRequestException;
import org.facemat.farm.FarmResources;
import org.facemat.render.Renderer;
import org.facemat.testing.SharedData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;

/**
 * What a wrangler submits as it is: memory, heap and time limit from one setting in every engine's job, OpenCue's show
 * and shot from the options or the environment, a strict device that fails a task instead of falling back to the CPU,
 * and a movie step that builds every movie of its presets and lists every bad frame at once.
 */
class FarmJobsTest {
    @TempDir
    Path dir;

    private Harness.Result export(String engine, String... more) {
        List<String> a = new ArrayList<>(List.of("farm", "export", Harness.sample().toString(), "--engine", engine,
                "--out", dir.resolve("renders/sh010").toString(), "--job-dir", dir.resolve("jobs").toString(),
                "--name", "sh010", "--show", "demo", "--shot", "sh010"));
        a.addAll(List.of(more));
        Harness.Result r = Harness.facemat(a.toArray(String[]::new));
        assertEquals(ExitCode.OK, r.code(), r.toString());
        return r;
    }

    @Test
    void memoryAndTimeFromOneSettingInEveryEngine() throws Exception {
        for (String engine : List.of("slurm", "opencue", "openjd")) {
            Harness.Result r = export(engine, "--memory", "8G", "--time", "2h");
            assertTrue(r.out().contains("memory 8192M per task (Java heap 6144 MiB), time limit 02:00:00 per task"),
                    r.out());
        }
        // Slurm: --mem and --time on the array and the movie job, the heap after any inherited JVM options
        for (String f : List.of("sh010.render.sbatch", "sh010.movie.sbatch")) {
            String s = Files.readString(dir.resolve("jobs").resolve(f));
            assertTrue(s.contains("#SBATCH --mem=8192M\n") && s.contains("#SBATCH --time=02:00:00\n"), s);
            assertTrue(s.contains("export FACEMAT_JAVA_OPTS=\"${FACEMAT_JAVA_OPTS:+$FACEMAT_JAVA_OPTS }-Xmx6144m\"\n"),
                    s);
            assertFalse(s.contains("--gres"), "no GPU asked for without --device: " + s);
        }
        // what the task's shell makes of the heap line, with and without a site's own options
        String heapLine = "export FACEMAT_JAVA_OPTS=\"${FACEMAT_JAVA_OPTS:+$FACEMAT_JAVA_OPTS }-Xmx6144m\"; "
                + "printf '%s' \"$FACEMAT_JAVA_OPTS\"";
        assertEquals("-Xmx6144m", Harness.execText("env", "-u", "FACEMAT_JAVA_OPTS", "bash", "-c", heapLine));
        assertEquals("-Xmx8g -Dsite=1 -Xmx6144m", Harness.execText("env", "FACEMAT_JAVA_OPTS=-Xmx8g -Dsite=1", "bash",
                "-c", heapLine));

        // OpenCue: every layer's memory (MiB) and timeout (minutes), the heap in the job's environment
        Path spec = dir.resolve("jobs/sh010.cue.xml");
        validateCue(spec);
        Document doc = parse(spec);
        for (int i = 0; i < 2; i++) {
            Element layer = (Element) doc.getElementsByTagName("layer").item(i);
            assertEquals("8192m", FarmExportTest.text(layer, "memory"));
            assertEquals("120", FarmExportTest.text(layer, "timeout"));
        }
        assertEquals("-Xmx6144m", doc.getElementsByTagName("key").item(0).getTextContent());

        // OpenJD: amount.worker.memory (MiB) on both steps, the action timeout (seconds), the heap in a job environment
        Map<String, Object> t = new Yaml().load(Files.readString(dir.resolve("jobs/sh010.openjd/template.yaml")));
        for (Map<String, Object> step : FarmExportTest.list(t.get("steps"))) {
            List<Map<String, Object>> amounts = FarmExportTest.list(
                    FarmExportTest.map(step.get("hostRequirements")).get("amounts"));
            assertTrue(amounts.contains(Map.of("name", "amount.worker.memory", "min", 8192)), amounts.toString());
            Map<String, Object> onRun = FarmExportTest.map(FarmExportTest.map(FarmExportTest.map(
                    step.get("script")).get("actions")).get("onRun"));
            assertEquals(7200, onRun.get("timeout"));
        }
        assertEquals(Map.of("FACEMAT_JAVA_OPTS", "-Xmx6144m"),
                FarmExportTest.list(t.get("jobEnvironments")).get(0).get("variables"));
    }

    @Test
    void badMemoryAndTimeAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path jobs = dir.resolve("jobs");
        String[][] cases = {
            {"--memory", "1G", "below the 2G"},
            {"--memory", "lots", "bad --memory"},
            {"--time", "0", "bad --time"},
            {"--time", "2 weeks", "bad --time"},
        };
        for (String[] c : cases) {
            Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "slurm",
                    "--out", dir.resolve("m").toString(), "--job-dir", jobs.toString(), c[0], c[1]), ExitCode.USAGE,
                    c[2]);
        }
        assertFalse(Files.exists(jobs) && !Harness.files(jobs).isEmpty(), "nothing written");
    }

    @Test
    void defaultsFollowTheFrameSizeAndTheLongestTask() {
        FarmResources sample = FarmResources.of(null, null, 400, 300, 100);
        assertEquals(4096, sample.memoryMiB(), "the 4G floor");
        assertEquals(3072, sample.heapMiB());
        assertEquals(3600, sample.timeSeconds(), "the 1 hour floor");
        for (int[] size : new int[][] {{1920, 1080}, {3840, 2160}, {7680, 4320}}) {
            FarmResources r = FarmResources.of(null, null, size[0], size[1], 100);
            assertTrue(r.heapMiB() << 20 >= Renderer.heapWanted(size[0], size[1]), "full queue fits: " + r);
            assertEquals(0, r.memoryMiB() % 1024, "whole GiB: " + r);
            assertEquals(r.memoryMiB() - Math.max(r.memoryMiB() / 4, 1024), r.heapMiB(), "the heap rule: " + r);
        }
        // 8K: a full queue needs about 8.2 GiB of heap: 11 GiB asked, 8.25 GiB of heap
        assertEquals(11 * 1024, FarmResources.of(null, null, 7680, 4320, 100).memoryMiB());
        // 4000 frames of UHD through the network: 10 min + 4000 x 4 s, in whole quarter hours
        assertEquals(17100, FarmResources.of(null, null, 3840, 2160, 4000).timeSeconds());
        // a memory too small for the frames is refused with the memory they need
        FarmRequestException f = org.junit.jupiter.api.Assertions.assertThrows(FarmRequestException.class,
                () -> FarmResources.of("2G", null, 7680, 4320, 1));
        assertTrue(f.getMessage().contains("need at least 5221 MiB: give --memory 7G or more"), f.getMessage());
        assertEquals(90 * 60, FarmResources.parseTime("1h30m"));
        assertEquals(90 * 60, FarmResources.parseTime("1:30:00"));
        assertEquals(36 * 3600, FarmResources.parseTime("1-12:00:00"));
        assertEquals(45 * 60, FarmResources.parseTime("45"), "a bare number is minutes, as Slurm reads it");
        assertEquals(8192, FarmResources.parseMemory("8GiB"));
        assertEquals(6144, FarmResources.parseMemory("6144"), "a bare number is MiB, as Slurm reads it");
    }

    @Test
    void openCueShowAndShotComeFromTheOptionsOrTheEnvironment() throws Exception {
        Path jobs = dir.resolve("jobs");
        List<String> cmd = Harness.javaCommand("farm", "export", Harness.sample().toString(), "--engine", "opencue",
                "--out", dir.resolve("m").toString(), "--job-dir", jobs.toString(), "--name", "sh030");
        ProcessBuilder none = new ProcessBuilder(cmd);
        none.environment().remove("SHOW");
        none.environment().remove("SHOT");
        Process p = none.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitCode.USAGE, p.waitFor(), err);
        assertEquals(1, err.strip().lines().count(), err);
        for (String m : List.of("--show", "--shot", "$SHOW", "$SHOT", "missing: show, shot")) {
            assertTrue(err.contains(m), err);
        }
        assertFalse(Files.exists(jobs.resolve("sh030.cue.xml")), "nothing written");

        ProcessBuilder env = new ProcessBuilder(cmd);
        env.environment().put("SHOW", "demo");
        env.environment().put("SHOT", "sh030");
        env.redirectErrorStream(true);
        Process q = env.start();
        String out = new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(ExitCode.OK, q.waitFor(), out);
        Document doc = parse(jobs.resolve("sh030.cue.xml"));
        assertEquals("demo", doc.getElementsByTagName("show").item(0).getTextContent());
        assertEquals("sh030", doc.getElementsByTagName("shot").item(0).getTextContent());

        // an option wins over the environment
        ProcessBuilder both = new ProcessBuilder(new ArrayList<>(cmd) {{
                addAll(List.of("--show", "other"));
            }});
        both.environment().put("SHOW", "demo");
        both.environment().put("SHOT", "sh030");
        both.redirectErrorStream(true);
        Process b = both.start();
        b.getInputStream().readAllBytes();
        assertEquals(ExitCode.OK, b.waitFor());
        assertEquals("other", parse(jobs.resolve("sh030.cue.xml")).getElementsByTagName("show").item(0)
                .getTextContent());
    }

    /**
     * No GPU here: a required device fails at once with exit code 7 and one line, a plain one falls back to the CPU
     * with a warning and exit code 0.
     */
    @Test
    void aRequiredDeviceFailsCleanlyWhereItCannotStart() {
        Path out = dir.resolve("m.####.exr");
        Harness.Result plain = Harness.facemat("render", Harness.sample().toString(), "--out", out.toString(),
                "--frames", "0-0", "--device", "cuda", "--dry-run");
        Assumptions.assumeTrue(plain.err().contains("CUDA unavailable"), "CUDA starts on this machine: " + plain);
        assertEquals(ExitCode.OK, plain.code(), plain.toString());
        assertTrue(plain.err().contains("facemat: warning: CUDA unavailable") && plain.err().contains("using cpu"),
                plain.err());

        String line = Harness.assertFailure(Harness.facemat("render", Harness.sample().toString(), "--out",
                out.toString(), "--frames", "0-0", "--device", "cuda!"), ExitCode.DEVICE, "--device cuda!",
                "CUDA unavailable", "not falling back");
        System.out.println(line);
        Harness.assertFailure(Harness.facemat("render", Harness.sample().toString(), "--out", out.toString(),
                "--frames", "0-0", "--device", "tensorrt", "--require-device"), ExitCode.DEVICE,
                "--device tensorrt!", "TensorRT unavailable");
        Harness.assertFailure(Harness.facemat("render", Harness.sample().toString(), "--out", out.toString(),
                "--frames", "0-0", "--device", "auto!"), ExitCode.DEVICE, "--device auto!");
        Harness.assertFailure(Harness.facemat("render", Harness.sample().toString(), "--out", out.toString(),
                "--frames", "0-0", "--device", "gpu!"), ExitCode.USAGE, "unknown device 'gpu!'");
        assertFalse(Files.exists(dir.resolve("m.0000.exr")), "nothing rendered");
        // cpu! always starts
        assertEquals(ExitCode.OK, Harness.facemat("render", Harness.sample().toString(), "--out", out.toString(),
                "--frames", "0-0", "--device", "cpu!", "--dry-run").code());
    }

    @Test
    void exportsUseTheStrictDeviceOnlyWhenAsked() throws Exception {
        export("slurm");
        assertFalse(Files.readString(dir.resolve("jobs/sh010.render.sbatch")).contains("--device"));
        export("slurm", "--device", "cuda!");
        String s = Files.readString(dir.resolve("jobs/sh010.render.sbatch"));
        assertTrue(s.contains(" --device 'cuda!'") && s.contains("#SBATCH --gres=gpu:1\n"), s);
        export("slurm", "--device", "tensorrt", "--require-device");
        s = Files.readString(dir.resolve("jobs/sh010.render.sbatch"));
        assertTrue(s.contains(" --device tensorrt --require-device"), s);

        export("opencue", "--device", "cuda!");
        Path spec = dir.resolve("jobs/sh010.cue.xml");
        validateCue(spec);
        Element render = (Element) parse(spec).getElementsByTagName("layer").item(0);
        assertEquals("1", FarmExportTest.text(render, "gpus"));
        assertTrue(FarmExportTest.text(render, "cmd").contains("--device 'cuda!'"));

        export("openjd", "--device", "cuda!");
        Map<String, Object> t = new Yaml().load(Files.readString(dir.resolve("jobs/sh010.openjd/template.yaml")));
        Map<String, Object> step = FarmExportTest.list(t.get("steps")).get(0);
        assertTrue(FarmExportTest.list(FarmExportTest.map(step.get("hostRequirements")).get("amounts"))
                .contains(Map.of("name", "amount.worker.gpu", "min", 1)));
        Map<String, Object> onRun = FarmExportTest.map(FarmExportTest.map(FarmExportTest.map(step.get("script"))
                .get("actions")).get("onRun"));
        assertTrue(((List<?>) onRun.get("args")).contains("cuda!"), onRun.toString());

        Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "slurm",
                "--out", dir.resolve("x").toString(), "--job-dir", dir.resolve("jobs2").toString(), "--device",
                "gpu"), ExitCode.USAGE, "unknown device");
    }

    /**
     * The movie step checks every frame first and names all the bad ones in one line, writing no movie; once the
     * frames are whole it builds every movie of its presets, the uncertainty movie too.
     */
    @Test
    void assembleBuildsEveryMovieOfItsPresetsAndListsEveryBadFrame() throws Exception {
        Path base = dir.resolve("renders/sh010");
        Harness.render(Harness.sample().toString(), "--preset", "nuke-exr", "--out", base.toString(), "--frames",
                "0-5", "--log", "quiet");
        Files.delete(frame(base, 2));
        Files.delete(frame(base, 3));
        Path five = frame(base, 5);
        byte[] whole = Files.readAllBytes(five);
        Files.write(five, java.util.Arrays.copyOf(whole, whole.length / 2));

        String[] assemble = {"farm", "assemble", Harness.sample().toString(), "--frames", "0-5", "--from",
            base + ".####.exr", "--preset", "resolve-prores4444", "--preset", "review-preview", "--log", "quiet"};
        String line = Harness.assertFailure(Harness.facemat(assemble), ExitCode.BAD_INPUT,
                "3 of 6 frame(s) missing or damaged (frames 2-3, 5)", "--resume", "missing: frames 2-3",
                "damaged: frame 5: ", frame(base, 5).toString());
        System.out.println(line);
        List<String> left = Harness.names(base.getParent()).stream().filter(n -> !n.matches("sh010\\.\\d{4}\\.exr") && !n.equals("sh010.review.json"))
                .toList();
        assertEquals(List.of(), left, "no movie, no partial file");

        Harness.render(Harness.sample().toString(), "--preset", "nuke-exr", "--out", base.toString(), "--frames",
                "0-5", "--resume", "--log", "quiet");
        Harness.Result ok = Harness.facemat(assemble);
        assertEquals(ExitCode.OK, ok.code(), ok.toString());
        for (String movie : List.of(".mov", ".uncertainty.mov", ".preview.mp4", ".preview-uncertainty.mp4")) {
            Map<String, String> p = Harness.probe(Path.of(base + movie));
            assertEquals("6", p.get("stream.nb_read_frames"), movie + ": " + p);
        }
        assertEquals("prores", Harness.probe(Path.of(base + ".uncertainty.mov")).get("stream.codec_name"));
        // the post step's review: from the scores in the frames' headers, with the report beside it
        org.facemat.review.ReviewFile review = org.facemat.review.ReviewFile.read(Path.of(base + ".review.json"));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), review.frames().stream()
                .map(org.facemat.review.FrameScore::frame).toList());
        assertTrue(Files.isRegularFile(Path.of(base + ".review/index.html")), "the report");
        assertEquals(Harness.sample().toString(), review.input(), "the plate, which the headers do not name");

        Harness.assertFailure(Harness.facemat("farm", "assemble", Harness.sample().toString(), "--from",
                base + ".####.exr", "--preset", "nuke-exr"), ExitCode.USAGE, "nuke-exr", "movies only");
        Harness.assertFailure(Harness.facemat("farm", "assemble", Harness.sample().toString(), "--from",
                base + ".####.exr"), ExitCode.USAGE, "--preset");
    }

    /**
     * {@code --fps}, {@code --timecode} and {@code --start-frame} on the farm commands: the plan counts in the new
     * numbering, every render and the movie step get them, and the assembled movie carries the rate and timecode.
     */
    @Test
    void timingOptionsReachEveryTaskAndTheMovies() throws Exception {
        Harness.Result plan = Harness.facemat("farm", "plan", Harness.sample().toString(), "--start-frame", "1001",
                "--chunk", "50", "--json");
        assertEquals(ExitCode.OK, plan.code(), plan.toString());
        assertTrue(plan.out().contains("\"first\":1001") && plan.out().contains("\"last\":1100"), plan.out());

        export("slurm", "--start-frame", "1001", "--fps", "24", "--timecode", "10:00:00:00");
        String render = Files.readString(dir.resolve("jobs/sh010.render.sbatch"));
        assertTrue(render.contains("--fps 24 --timecode 10:00:00:00 --start-frame 1001"), render);
        String movie = Files.readString(dir.resolve("jobs/sh010.movie.sbatch"));
        assertTrue(movie.contains("--fps 24 --timecode 10:00:00:00 --start-frame 1001"), movie);

        Path base = dir.resolve("timed/sh010");
        Harness.render(Harness.sample().toString(), "--preset", "nuke-exr", "--out", base.toString(), "--frames",
                "1001-1004", "--start-frame", "1001", "--fps", "24", "--timecode", "10:00:00:00", "--log", "quiet");
        Harness.Result ok = Harness.facemat("farm", "assemble", Harness.sample().toString(), "--frames", "1001-1004",
                "--from", base + ".####.exr", "--out", base + ".mov", "--start-frame", "1001", "--fps", "24",
                "--timecode", "10:00:00:00", "--log", "quiet");
        assertEquals(ExitCode.OK, ok.code(), ok.toString());
        Map<String, String> p = Harness.probe(Path.of(base + ".mov"));
        assertEquals("24/1", p.get("stream.r_frame_rate"));
        assertEquals("10:00:00:00", p.get("stream.tags.timecode"));
        assertEquals("4", p.get("stream.nb_read_frames"));
        Harness.assertFailure(Harness.facemat("farm", "plan", Harness.sample().toString(), "--fps", "25",
                "--timecode", "00:00:10;00"), ExitCode.USAGE, "drop-frame");
        Harness.assertFailure(Harness.facemat("farm", "plan", Harness.sample().toString(), "--frames",
                "0-10x2"), ExitCode.USAGE, "steps and lists are for render");
    }

    static Path frame(Path base, int n) {
        return Path.of(String.format("%s.%04d.exr", base, n));
    }

    /** The spec against OpenCue's DTD (skips the test, with the reason printed, without xmllint or the DTD). */
    static void validateCue(Path spec) throws Exception {
        Harness.requireTools("xmllint");
        Path dtd = SharedData.require("data/farm/cjsl-1.16.dtd");
        Harness.execText("xmllint", "--noout", "--nonet", "--dtdvalid", dtd.toString(), spec.toString());
    }

    static Document parse(Path spec) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(spec.toFile());
    }
}
