package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.facemat.farm.FarmJob;
import org.facemat.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code facemat farm plan} and {@code farm export}: the chunk list, an OpenCue spec valid against OpenCue's DTD, an
 * Open Job Description template with the fields its schema asks for, and the exported commands run for real the way
 * each farm manager would expand them.
 */
class FarmExportTest {
    @TempDir
    Path dir;

    @Test
    void planListsTheChunksAndThePrerollCost() {
        Harness.Result r = Harness.facemat("farm", "plan", Harness.sample().toString(), "--chunk", "30");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        List<String> lines = r.outLines();
        assertEquals(6, lines.size(), r.out());
        assertTrue(lines.get(0).contains("frames 0-99 (100), 4 chunk(s) of 30, pre-roll all"), lines.get(0));
        assertEquals("chunk 1/4  frames 0-29  network from 0 (0 pre-roll frames)", lines.get(1));
        assertEquals("chunk 4/4  frames 90-99  network from 0 (90 pre-roll frames)", lines.get(4));
        // 30 + 60 + 90 pre-roll frames over 100: 180 %
        assertTrue(lines.get(5).contains("network frames: 280 for 100 written") && lines.get(5).contains("180.0 %"),
                lines.get(5));

        Harness.Result j = Harness.facemat("farm", "plan", Harness.sample().toString(), "--frames", "10-59",
                "--chunk", "25", "--preroll", "8", "--json");
        var chunks = Harness.events(j.out().replace("{\"chunk\"", "{\"event\":\"chunk\",\"chunk\""));
        assertEquals(2, chunks.size());
        assertEquals(27, chunks.get(1).get("preroll_from").getAsInt());
        assertEquals("35-59", chunks.get(1).get("frames").getAsString());
    }

    @Test
    void badArgumentsAreOneLine() {
        Path missing = dir.resolve("nope.mov");
        Harness.assertFailure(Harness.facemat("farm", "plan", missing.toString()), ExitCode.BAD_INPUT,
                missing.toString(), "not found");
        Harness.assertFailure(Harness.facemat("farm", "plan", Harness.sample().toString(), "--frames", "90-120"),
                ExitCode.BAD_INPUT, "90-120", "outside");
        Harness.assertFailure(Harness.facemat("farm", "plan", Harness.sample().toString(), "--chunk", "0"),
                ExitCode.USAGE, "--chunk");
        Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "tractor",
                "--out", dir.resolve("m").toString(), "--job-dir", dir.toString()), ExitCode.USAGE, "tractor");
        Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "slurm",
                "--preset", "resolve-prores4444", "--out", dir.resolve("m").toString(), "--job-dir",
                dir.toString()), ExitCode.USAGE, "writes a movie");
    }

    @Test
    void openCueSpecIsValidAndItsChunksRender() throws Exception {
        Harness.requireTools("xmllint");
        Path dtd = SharedData.require("data/farm/cjsl-1.16.dtd");
        Path base = dir.resolve("renders/matte");
        Harness.Result r = Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "opencue",
                "--frames", "0-5", "--chunk", "3", "--out", base.toString(), "--job-dir", dir.resolve("jobs").toString(),
                "--facemat", launcher().toString(), "--movie", "preview", "--name", "sh020", "--show", "demo", "--shot",
                "sh020", "--memory", "6G", "--time", "90m");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        Path spec = dir.resolve("jobs/sh020.cue.xml");
        Harness.execText("xmllint", "--noout", "--nonet", "--dtdvalid", dtd.toString(), spec.toString());

        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(spec.toFile());
        NodeList layers = doc.getElementsByTagName("layer");
        assertEquals(2, layers.getLength());
        Element render = (Element) layers.item(0);
        Element post = (Element) layers.item(1);
        assertEquals("Render", render.getAttribute("type"));
        assertEquals("Post", post.getAttribute("type"), "the movie layer runs after the render layer");
        assertEquals("0-5", text(render, "range"));
        assertEquals("3", text(render, "chunk"));
        String cmd = text(render, "cmd");
        assertTrue(cmd.contains("--frames #FRAME_START#-#FRAME_END#") && cmd.contains("--resume"), cmd);
        // --memory 6G --time 90m: every layer asks for it (MiB, minutes), the JVM gets 6G less 1.5G of heap
        for (Element layer : new Element[] {render, post}) {
            assertEquals("6144m", text(layer, "memory"));
            assertEquals("90", text(layer, "timeout"));
        }
        assertEquals("-Xmx4608m", doc.getElementsByTagName("key").item(0).getTextContent());
        assertEquals("demo", doc.getElementsByTagName("show").item(0).getTextContent());
        assertEquals("sh020", doc.getElementsByTagName("shot").item(0).getTextContent());

        // what OpenCue's render host does: one command per chunk with the tokens substituted, then the Post layer
        for (String[] chunk : new String[][] {{"0", "2"}, {"3", "5"}}) {
            runShell(cmd.replace("#FRAME_START#", chunk[0]).replace("#FRAME_END#", chunk[1]));
        }
        runShell(text(post, "cmd"));
        for (int n = 0; n <= 5; n++) {
            assertTrue(Files.exists(Path.of(String.format("%s.%04d.exr", base, n))), "frame " + n);
        }
        assertEquals("6", Harness.probe(Path.of(base + ".preview.mp4")).get("stream.nb_read_frames"));
        assertEquals("6", Harness.probe(Path.of(base + ".preview-uncertainty.mp4")).get("stream.nb_read_frames"));
    }

    @Test
    void openJobDescriptionTemplateHasChunkedStepsAndRuns() throws Exception {
        Path base = dir.resolve("renders/matte");
        Harness.Result r = Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "openjd",
                "--frames", "0-3", "--chunk", "2", "--out", base.toString(), "--job-dir", dir.resolve("jobs").toString(),
                "--facemat", launcher().toString(), "--movie", "none", "--name", "sh030");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        Path template = dir.resolve("jobs/sh030.openjd/template.yaml");
        Map<String, Object> t = new Yaml().load(Files.readString(template));
        assertEquals("jobtemplate-2023-09", t.get("specificationVersion"));
        assertEquals(List.of("TASK_CHUNKING"), t.get("extensions"));
        List<Map<String, Object>> params = list(t.get("parameterDefinitions"));
        Map<String, Object> frames = params.stream().filter(p -> p.get("name").equals("Frames")).findFirst()
                .orElseThrow();
        assertEquals("STRING", frames.get("type"));
        assertEquals("0-3", frames.get("default"));
        for (Map<String, Object> p : params) {
            assertTrue(String.valueOf(p.get("name")).matches("[A-Za-z_][A-Za-z0-9_]*"), "identifier: " + p);
            assertTrue(List.of("STRING", "INT", "FLOAT", "PATH").contains(p.get("type")), "type: " + p);
        }
        List<Map<String, Object>> steps = list(t.get("steps"));
        assertEquals(1, steps.size(), "--movie none: no movie step");
        Map<String, Object> step = steps.get(0);
        Map<String, Object> task = list(map(step.get("parameterSpace")).get("taskParameterDefinitions")).get(0);
        assertEquals("CHUNK[INT]", task.get("type"));
        assertEquals("{{Param.Frames}}", task.get("range"));
        Map<String, Object> chunks = map(task.get("chunks"));
        assertEquals("CONTIGUOUS", chunks.get("rangeConstraint"));
        assertEquals("{{Param.ChunkSize}}", chunks.get("defaultTaskCount"));
        Map<String, Object> onRun = map(map(map(step.get("script")).get("actions")).get("onRun"));
        assertEquals(launcher().toString(), onRun.get("command"), "the action runs facemat itself, no shell");

        // what an OpenJD runtime does with it: contiguous chunks of the range, format strings filled in, run as words
        Map<String, String> values = parameterValues(t);
        assertEquals(Map.of("Param.Input", Harness.sample().toString(), "Param.OutputDir", base.getParent().toString(),
                "Param.OutputName", base.getFileName().toString(), "Param.Frames", "0-3", "Param.ChunkSize", "2"),
                values);
        // the output folder is a PATH that Deadline Cloud maps and syncs back (dataFlow OUT), with sane limits
        Map<String, Object> outDir = params.stream().filter(p -> p.get("name").equals("OutputDir")).findFirst()
                .orElseThrow();
        assertEquals("PATH", outDir.get("type"));
        assertEquals("DIRECTORY", outDir.get("objectType"));
        assertEquals("OUT", outDir.get("dataFlow"));
        Map<String, Object> chunkSize = params.stream().filter(p -> p.get("name").equals("ChunkSize")).findFirst()
                .orElseThrow();
        assertEquals(1, chunkSize.get("minValue"));
        assertEquals(FarmJob.OpenJd.MAX_CHUNK, chunkSize.get("maxValue"));
        assertEquals(FarmJob.OpenJd.MAX_FRAMES_TEXT, frames.get("maxLength"));
        // memory, heap and time limit from one setting (here the defaults: 4 GiB, a 3 GiB heap, 1 hour)
        Map<String, Object> env = list(t.get("jobEnvironments")).get(0);
        assertEquals(Map.of("FACEMAT_JAVA_OPTS", "-Xmx3072m"), env.get("variables"));
        assertEquals(List.of(Map.of("name", "amount.worker.vcpu", "min", 2),
                Map.of("name", "amount.worker.memory", "min", 4096)),
                map(step.get("hostRequirements")).get("amounts"));
        assertEquals(3600, onRun.get("timeout"));
        for (String chunk : List.of("0-1", "2-3")) {
            runWords(openJdCommand(step, values, chunk));
        }
        for (int n = 0; n <= 3; n++) {
            assertTrue(Files.exists(Path.of(String.format("%s.%04d.exr", base, n))), "frame " + n);
        }

        Harness.Result withMovie = Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "openjd",
                "--out", base.toString(), "--job-dir", dir.resolve("jobs2").toString(), "--name", "sh030");
        assertEquals(ExitCode.OK, withMovie.code());
        List<Map<String, Object>> steps2 = list(new Yaml().<Map<String, Object>>load(
                Files.readString(dir.resolve("jobs2/sh030.openjd/template.yaml"))).get("steps"));
        assertEquals(2, steps2.size());
        assertEquals(List.of(Map.of("dependsOn", "Render")), steps2.get(1).get("dependencies"));
    }

    @Test
    void slurmScriptsHaveAnArrayAndADependentMovieJob() throws Exception {
        Path base = dir.resolve("renders/matte");
        Harness.Result r = Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "slurm",
                "--chunk", "30", "--out", base.toString(), "--job-dir", dir.resolve("jobs").toString(), "--name",
                "sh040");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        String render = Files.readString(dir.resolve("jobs/sh040.render.sbatch"));
        assertTrue(render.contains("#SBATCH --array=0-3\n"), render);
        assertTrue(render.contains("first=0 last=99 chunk=30"), render);
        String submit = Files.readString(dir.resolve("jobs/sh040.submit.sh"));
        assertTrue(submit.contains("--dependency=afterok:$render"), submit);
        Harness.exec(List.of("bash", "-n", dir.resolve("jobs/sh040.render.sbatch").toString()));
        Harness.exec(List.of("bash", "-n", dir.resolve("jobs/sh040.submit.sh").toString()));
        Harness.exec(List.of("bash", "-n", dir.resolve("jobs/sh040.movie.sbatch").toString()));
        // the array task's arithmetic: the last chunk is cut at the last frame
        String body = render.replaceAll("(?m)^exec .*$", java.util.regex.Matcher.quoteReplacement("echo \"$s-$e\""));
        Path probe = dir.resolve("probe.sh");
        Files.writeString(probe, body);
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ranges.add(Harness.execText("env", "SLURM_ARRAY_TASK_ID=" + i, "bash", probe.toString()).trim());
        }
        assertEquals(List.of("0-29", "30-59", "60-89", "90-99"), ranges);
    }

    /**
     * Paths with spaces, quotes, $(...), backticks, ; and a newline reach the command of each OpenJD task as single
     * words: the steps run the way a worker runs them (args filled in, no shell) with a facemat that records its words.
     */
    @Test
    void openJobDescriptionPassesHostileValuesAsWords() throws Exception {
        Path input = FarmTesting.hostileInput(dir, "plate " + FarmTesting.HOSTILE + "\nline 2.mp4");
        Path base = dir.resolve("out " + FarmTesting.HOSTILE + "\nnext").resolve("m " + FarmTesting.HOSTILE);
        Path model = dir.resolve("models " + FarmTesting.HOSTILE).resolve("m'1.onnx");
        Path records = dir.resolve("argv");
        Path stub = FarmTesting.argvRecorder(dir, records);
        Harness.Result r = Harness.facemat("farm", "export", input.toString(), "--engine", "openjd", "--frames",
                "0-3", "--chunk", "2", "--out", base.toString(), "--model", model.toString(), "--job-dir",
                dir.resolve("jobs").toString(), "--facemat", stub.toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        List<Path> written = Harness.files(dir.resolve("jobs"));
        assertEquals(1, written.size(), written.toString());
        assertTrue(written.get(0).toString().endsWith("_x_line_2.openjd/template.yaml"), "job name made safe: " + written);
        Map<String, Object> t = new Yaml().load(Files.readString(written.get(0)));
        Map<String, String> values = parameterValues(t);
        assertEquals(input.toString(), values.get("Param.Input"), "the YAML holds the value exactly");
        assertEquals(base.getParent().toString(), values.get("Param.OutputDir"));
        assertEquals(base.getFileName().toString(), values.get("Param.OutputName"));
        assertEquals(model.toString(), values.get("Param.Model"));

        List<Map<String, Object>> steps = list(t.get("steps"));
        assertEquals(2, steps.size());
        for (String chunk : List.of("0-1", "2-3")) {
            runWords(openJdCommand(steps.get(0), values, chunk));
        }
        runWords(openJdCommand(steps.get(1), values, "unused"));
        assertHostileWordsArrived(records, input.toString(), base.toString(), model.toString(),
                List.of("0-1", "2-3"));
        FarmTesting.assertNothingRan(dir, Path.of("").toAbsolutePath());
    }

    /**
     * The same values in an OpenCue spec: still valid against the DTD, and each command, run by a shell as OpenCue's
     * host does (tokens replaced), gives facemat the paths as single words.
     */
    @Test
    void openCuePassesHostileValuesAsWords() throws Exception {
        Harness.requireTools("xmllint");
        Path dtd = SharedData.require("data/farm/cjsl-1.16.dtd");
        Path input = FarmTesting.hostileInput(dir, "plate " + FarmTesting.HOSTILE + "\nline 2.mp4");
        Path base = dir.resolve("out " + FarmTesting.HOSTILE + "\nnext").resolve("m " + FarmTesting.HOSTILE);
        Path model = dir.resolve("models " + FarmTesting.HOSTILE).resolve("m'1.onnx");
        Path records = dir.resolve("argv");
        Path stub = FarmTesting.argvRecorder(dir, records);
        Harness.Result r = Harness.facemat("farm", "export", input.toString(), "--engine", "opencue", "--frames",
                "0-3", "--chunk", "2", "--out", base.toString(), "--model", model.toString(), "--job-dir",
                dir.resolve("jobs").toString(), "--facemat", stub.toString(), "--shot", FarmTesting.HOSTILE,
                "--show", "demo", "--user", "a<b>&\"c");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        Path spec = Harness.files(dir.resolve("jobs")).get(0);
        Harness.execText("xmllint", "--noout", "--nonet", "--dtdvalid", dtd.toString(), spec.toString());
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(spec.toFile());
        NodeList layers = doc.getElementsByTagName("layer");
        String cmd = text((Element) layers.item(0), "cmd");
        for (String[] chunk : new String[][] {{"0", "1"}, {"2", "3"}}) {
            runWords(List.of("sh", "-c", cmd.replace("#FRAME_START#", chunk[0]).replace("#FRAME_END#", chunk[1])));
        }
        runWords(List.of("sh", "-c", text((Element) layers.item(1), "cmd")));
        assertHostileWordsArrived(records, input.toString(), base.toString(), model.toString(),
                List.of("0-1", "2-3"));
        FarmTesting.assertNothingRan(dir, Path.of("").toAbsolutePath());
    }

    /** What the recorder saw: one render per chunk and the movie step, every path one word, exactly. */
    static void assertHostileWordsArrived(Path records, String input, String base, String model, List<String> chunks)
            throws Exception {
        List<List<String>> runs = FarmTesting.recorded(records);
        List<String> frames = new ArrayList<>();
        int movies = 0;
        for (List<String> w : runs) {
            if (w.get(0).equals("render")) {
                assertEquals(input, w.get(1), "the input, one word: " + w);
                assertEquals(base, FarmTesting.after(w, "--out"));
                assertEquals(model, FarmTesting.after(w, "--model"));
                frames.add(FarmTesting.after(w, "--frames"));
            } else {
                assertEquals(List.of("farm", "assemble", input), w.subList(0, 3), w.toString());
                assertEquals(base + ".####.exr", FarmTesting.after(w, "--from"));
                assertEquals(base, FarmTesting.after(w, "--base"));
                assertTrue(w.contains("resolve-prores4444") && w.contains("review-preview"), w.toString());
                movies++;
            }
        }
        frames.sort(null);
        assertEquals(chunks, frames, "one render per chunk: " + runs);
        assertEquals(1, movies, "one movie step: " + runs);
    }

    /** A value a format cannot carry stops the export with one line naming it, exit code 2, and no job files. */
    @Test
    void valuesAFormatCannotCarryAreRefused() throws Exception {
        Path jobs = dir.resolve("jobs");
        String nl = dir.resolve("out\nx/m").toString();
        String line = Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(),
                "--engine", "slurm", "--out", nl, "--job-dir", jobs.toString()), ExitCode.USAGE, "--out",
                "out\\nx/m", "#SBATCH", "newline");
        System.out.println(line);
        Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "slurm",
                "--out", dir.resolve("a\\b/m").toString(), "--job-dir", jobs.toString()), ExitCode.USAGE, "--out",
                "backslash");
        Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "opencue",
                "--out", dir.resolve("#JOB#/m").toString(), "--job-dir", jobs.toString(),
                "--show", "x", "--shot", "y"), ExitCode.USAGE, "#JOB#");
        Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "opencue",
                "--out", dir.resolve("a\u0001b/m").toString(), "--job-dir", jobs.toString(),
                "--show", "x", "--shot", "y"), ExitCode.USAGE,
                "\\u0001", "control characters");
        Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "openjd",
                "--out", dir.resolve("m").toString(), "--facemat", "/opt/{{Param.Input}}/facemat", "--job-dir",
                jobs.toString()), ExitCode.USAGE, "--facemat", "{{");
        Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "openjd",
                "--out", dir.resolve("m").toString(), "--facemat", "/opt/face\nmat", "--job-dir",
                jobs.toString()), ExitCode.USAGE, "--facemat", "control characters");
        Harness.assertFailure(Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", "openjd",
                "--out", dir.resolve("x".repeat(1030)).resolve("m").toString(), "--job-dir", jobs.toString()),
                ExitCode.USAGE, "--out", "1024");
        assertEquals(List.of(), Harness.files(jobs), "nothing written");
    }

    /** The job examples in sample-projects/farm are what the exporter writes today. */
    @Test
    void sampleProjectExamplesAreCurrent() throws Exception {
        Path examples = Harness.home().resolve("sample-projects/farm");
        for (String engine : List.of("slurm", "opencue", "openjd")) {
            Harness.Result r = Harness.facemat("farm", "export", Harness.sample().toString(), "--engine", engine,
                    "--farm-input", "/mnt/shows/demo/sh010/plate/cap13-sample.mp4", "--out",
                    "/mnt/shows/demo/sh010/matte/sh010", "--job-dir", dir.resolve("ex").toString(), "--name", "sh010",
                    "--show", "demo", "--shot", "sh010", "--user", "artist");
            assertEquals(ExitCode.OK, r.code(), r.toString());
        }
        List<String> names = Harness.names(dir.resolve("ex"));
        assertEquals(Harness.names(examples).stream().filter(n -> !n.equals("README.md")).toList(), names);
        for (String n : names) {
            assertEquals(Files.readString(dir.resolve("ex").resolve(n)), Files.readString(examples.resolve(n)),
                    "sample-projects/farm/" + n + " is out of date: export it again (see its README.md)");
        }
    }

    /** A "facemat" command for the exported jobs: this build, as an installed launcher would run it. */
    Path launcher() throws Exception {
        Path l = dir.resolve("bin/facemat");
        Files.createDirectories(l.getParent());
        StringBuilder sh = new StringBuilder("#!/bin/sh\nexec");
        for (String w : Harness.javaCommand()) {
            sh.append(' ').append(FarmJob.quote(w));
        }
        sh.append(" \"$@\"\n");
        Files.writeString(l, sh.toString());
        l.toFile().setExecutable(true);
        return l;
    }

    static void runShell(String cmd) {
        Harness.exec(List.of("sh", "-c", cmd));
    }

    /** Runs a command as its words, with no shell, in {@code dir}; fails the test when it fails. */
    void runWords(List<String> words) throws Exception {
        Process p = new ProcessBuilder(words).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), words + "\n" + out);
    }

    /** Job parameter values as an OpenJD runtime sees them with nothing given at submission: the defaults. */
    static Map<String, String> parameterValues(Map<String, Object> template) {
        Map<String, String> v = new HashMap<>();
        for (Map<String, Object> p : list(template.get("parameterDefinitions"))) {
            v.put("Param." + p.get("name"), String.valueOf(p.get("default")));
        }
        return v;
    }

    /**
     * What an OpenJD worker runs for a task of a step: the onRun action's command and args, each a format string
     * filled in with the values, each one word of the command line.
     */
    static List<String> openJdCommand(Map<String, Object> step, Map<String, String> values, String chunk) {
        Map<String, Object> onRun = map(map(map(step.get("script")).get("actions")).get("onRun"));
        List<String> words = new ArrayList<>();
        words.add(fill((String) onRun.get("command"), values, chunk));
        for (Object a : (List<?>) onRun.get("args")) {
            words.add(fill((String) a, values, chunk));
        }
        return words;
    }

    static String fill(String data, Map<String, String> values, String chunk) {
        Matcher m = Pattern.compile("\\{\\{\\s*([A-Za-z.]+)\\s*}}").matcher(data);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String v = key.equals("Task.Param.Frame") ? chunk : values.get(key);
            assertTrue(v != null, "unknown format string {{" + key + "}}");
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return b.toString();
    }

    static String text(Element e, String tag) {
        return e.getElementsByTagName(tag).item(0).getTextContent();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
