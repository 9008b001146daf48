package org.facemat.farm;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.comments.CommentType;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * One shot's farm job: every chunk runs {@code facemat render --frames S-E --preroll P --resume --log json} (the same
 * command and code as a render on one machine), and a last step builds the movies with {@code facemat farm assemble}
 * once every chunk has finished. Written for three farm managers.
 *
 * @param name     job name (letters, digits, {@code _ . -})
 * @param plan     the chunks
 * @param input    the shot, absolute
 * @param base     output base path, absolute
 * @param preset   the frame preset (name or absolute file)
 * @param exr      the EXR sequence the preset writes (the movie step reads it)
 * @param movies   movie presets the last step builds (names or absolute files; may be empty: no last step)
 * @param facemat  the facemat command on the farm's machines
 * @param model    model file, or null for the shipped one
 * @param threads  CPU threads per chunk
 * @param resources memory, Java heap and time limit of every task
 * @param device   the render's device words ({@code --device cuda!}, ...), empty for the render's default
 * @param colorSpace the input's colour space ({@code --colorspace} of every render and of the movie step)
 * @param alpha    {@code --alpha} of every render and of the movie step, or null for each format's default
 * @param timing   {@code --fps}, {@code --timecode}, {@code --start-frame} as given, for every render and the movie step
 */
public record FarmJob(String name, ChunkPlan plan, String input, String base, String preset, String exr, List<String> movies,
               String facemat, String model, int threads, FarmResources resources, List<String> device,
               String colorSpace, String alpha, List<String> timing) {

    /** The input taken as {@code auto}, each format's default alpha, the source's timing. */
    FarmJob(String name, ChunkPlan plan, String input, String base, String preset, String exr, List<String> movies,
            String facemat, String model, int threads, FarmResources resources, List<String> device) {
        this(name, plan, input, base, preset, exr, movies, facemat, model, threads, resources, device, "auto", null,
                List.of());
    }

    /** Whether the render asks for a GPU (cuda or tensorrt, strict or not): the job then requests one GPU. */
    public boolean wantsGpu() {
        String d = String.join(" ", device).toLowerCase(java.util.Locale.ROOT);
        return d.contains("cuda") || d.contains("tensorrt");
    }

    /** The colour options every command of the job passes on (none when they are the defaults). */
    private List<String> colourOptions() {
        List<String> c = new ArrayList<>();
        if (colorSpace != null && !colorSpace.equals("auto")) {
            c.addAll(List.of("--colorspace", colorSpace));
        }
        if (alpha != null) {
            c.addAll(List.of("--alpha", alpha));
        }
        return c;
    }

    /** Index of the frame range in {@link #renderCommand}: the one word a farm manager or the script fills in. */
    public static final int RANGE = 8;

    /** The render command of one chunk, with {@code range} standing for the chunk's frames (S-E). */
    public List<String> renderCommand(String range) {
        List<String> c = new ArrayList<>(List.of(facemat, "render", input, "--preset", preset, "--out", base,
                "--frames", range, "--preroll", Preroll.text(plan.preroll()), "--resume", "--on-error", "stop",
                "--log", "json", "--threads", Integer.toString(threads), "--no-review"));
        // --no-review: chunks share the shot's base, so each frame's score stays in its EXR header and the movie step
        // builds the shot's review from them
        c.addAll(device);
        c.addAll(colourOptions());
        c.addAll(timing);
        if (model != null) {
            c.addAll(List.of("--model", model)); // last: the OpenJD template puts its parameter at the last word
        }
        return c;
    }

    /** The movie step: reads every frame back, writes the movies. */
    public List<String> assembleCommand() {
        List<String> c = new ArrayList<>(List.of(facemat, "farm", "assemble", input, "--frames",
                plan.first() + "-" + plan.last(), "--from", exr, "--log", "json", "--base", base));
        for (String m : movies) {
            c.addAll(List.of("--preset", m));
        }
        c.addAll(colourOptions());
        c.addAll(timing);
        return c;
    }

    /** Characters that need no quoting in any word position ({@code =} is left out: {@code A=b cmd} assigns). */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+:,./-]+");

    /** One word for a POSIX shell: as is when safe, else in single quotes. */
    public static String quote(String s) {
        if (!s.isEmpty() && SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /**
     * A command line for a POSIX shell: every word single-quoted as needed, except the word at {@code raw} (-1 for
     * none), which the exporter wrote itself (a farm manager's frame tokens or the script's {@code "$s-$e"}).
     */
    public static String shell(List<String> words, int raw) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < words.size(); i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(i == raw ? words.get(i) : quote(words.get(i)));
        }
        return b.toString();
    }

    /** A value as one printable line for an error message: Java-style escapes for control characters. */
    public static String shown(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (Character.isISOControl(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Stops the export with a usage error naming the value (as one line) and what the job file cannot hold. */
    public static FarmRequestException refused(String what, String value, String why) {
        return new FarmRequestException(what + " " + shown(value) + ": " + why);
    }

    /** What word {@code i} of a command is, for an error message: the option before it, or the command or input. */
    public static String label(List<String> words, int i) {
        if (i == 0) {
            return "--facemat";
        }
        String before = words.get(i - 1);
        return before.startsWith("--") && i - 1 > 0 ? before : "the input";
    }

    /**
     * Whether XML 1.0 can hold every character of {@code s} (no C0 controls but tab and line ends, no U+FFFE/F): a
     * serializer would write the others as references that no XML 1.0 parser reads.
     */
    public static boolean xmlOk(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF) {
                return false;
            }
        }
        return true;
    }

    private static Path write(Path file, String text, boolean executable) throws IOException {
        org.facemat.io.AtomicFile af = new org.facemat.io.AtomicFile(file);
        try {
            Files.writeString(af.temp(), text, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (executable) {
                try {
                    Files.setPosixFilePermissions(af.temp(), PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system: run it with bash
                }
            }
        } catch (IOException e) {
            af.abort();
            throw e;
        }
        af.commit();
        return file;
    }

    /**
     * OpenCue: a job spec (cjsl 1.16 DTD) with a Render layer over the shot's range, chunked with {@code <chunk>}
     * ({@code #FRAME_START#}/{@code #FRAME_END#} are the chunk's first and last frame), and a Post layer, which
     * OpenCue runs after the job's other layers have finished.
     */
    public static final class OpenCue {
        private OpenCue() {
        }

        /** The job spec language's DTD (cjsl 1.16), as Cuebot's spec parser expects it. */
        public static final String DOCTYPE_PUBLIC = "SPI Cue Specification Language";
        public static final String DOCTYPE_SYSTEM = "http://localhost:8080/spcue/dtd/cjsl-1.16.dtd";

        /** Cuebot's command tokens (#JOB#, #FRAME#, #LOGDIR#, ...): replaced in the command wherever they appear. */
        private static final Pattern TOKEN = Pattern.compile("#[A-Z][A-Z_]*#");

        public static List<Path> write(FarmJob j, Path dir, String show, String shot, String user) throws IOException {
            ChunkPlan p = j.plan();
            FarmResources res = j.resources();
            check(j.renderCommand("#FRAME_START#-#FRAME_END#"), RANGE);
            if (!j.movies().isEmpty()) {
                check(j.assembleCommand(), -1);
            }
            Document d = newDocument();
            Element spec = (Element) d.appendChild(d.createElement("spec"));
            spec.appendChild(d.createComment(" FaceMat shot render: " + p.chunks().size() + " chunk(s) of "
                    + p.chunkSize() + " frames, pre-roll " + Preroll.text(p.preroll())
                    + ". Submit with cueadmin or pycue (see docs/farm.md). "));
            element(spec, "show", token(show));
            element(spec, "shot", token(shot));
            element(spec, "user", token(user));
            Element job = element(spec, "job", null);
            job.setAttribute("name", j.name());
            element(job, "paused", "False");
            element(job, "maxretries", "3");
            element(element(job, "env", null), "key", res.javaOpts()).setAttribute("name", "FACEMAT_JAVA_OPTS");
            Element layers = element(job, "layers", null);
            layer(layers, "render", "Render", shell(j.renderCommand("#FRAME_START#-#FRAME_END#"), RANGE),
                    p.first() + "-" + p.last(), p.chunkSize(), j.threads(), res, j.wantsGpu());
            if (!j.movies().isEmpty()) {
                layer(layers, "movie", "Post", shell(j.assembleCommand(), -1), Long.toString(p.first()), 1, 1, res,
                        false);
            }
            return List.of(FarmJob.write(dir.resolve(j.name() + ".cue.xml"), text(d), false));
        }

        /**
         * A layer running {@code cmd} over {@code range} in chunks: cores, memory, a GPU if asked, time limit, the
         * shell service (in the DTD's order).
         */
        private static void layer(Element layers, String name, String type, String cmd, String range, int chunk,
                                  int cores, FarmResources res, boolean gpu) {
            Element l = element(layers, "layer", null);
            l.setAttribute("name", name);
            l.setAttribute("type", type);
            element(l, "cmd", cmd);
            element(l, "range", range);
            element(l, "chunk", Integer.toString(chunk));
            element(l, "cores", Integer.toString(cores));
            element(l, "memory", res.memoryMiB() + "m");
            if (gpu) {
                element(l, "gpus", "1");
            }
            element(l, "timeout", Long.toString(res.timeMinutes()));
            element(element(l, "services", null), "service", "shell");
        }

        /** A new element at the end of {@code parent}, holding {@code text} unless it is null. */
        private static Element element(Element parent, String name, String text) {
            Element e = (Element) parent.appendChild(parent.getOwnerDocument().createElement(name));
            if (text != null) {
                e.setTextContent(text);
            }
            return e;
        }

        private static Document newDocument() {
            try {
                Document d = DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().newDocument();
                d.setXmlStandalone(true); // no standalone="no" in the declaration
                return d;
            } catch (ParserConfigurationException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * The spec as XML text, with the DOCTYPE of OpenCue's job spec language and indented by two spaces. The JDK's
         * serializer escapes the text (line ends, tabs and carriage returns in attributes as references, a carriage
         * return in text too, so that no parser normalises them away).
         */
        private static String text(Document d) {
            try {
                Transformer t = TransformerFactory.newDefaultInstance().newTransformer();
                t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
                t.setOutputProperty(OutputKeys.DOCTYPE_PUBLIC, DOCTYPE_PUBLIC);
                t.setOutputProperty(OutputKeys.DOCTYPE_SYSTEM, DOCTYPE_SYSTEM);
                t.setOutputProperty(OutputKeys.INDENT, "yes");
                t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
                StringWriter w = new StringWriter();
                t.transform(new DOMSource(d), new StreamResult(w));
                String x = w.toString();
                return x.endsWith("\n") ? x : x + "\n";
            } catch (TransformerException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * The command's words (but the frame range the exporter writes) as OpenCue carries them: XML text, in which
         * Cuebot replaces its #TOKEN#s before a shell reads the command (each word in single quotes).
         */
        private static void check(List<String> words, int raw) {
            for (int i = 0; i < words.size(); i++) {
                String w = words.get(i);
                if (i == raw) {
                    continue;
                }
                if (!xmlOk(w)) {
                    throw refused(label(words, i), w, "an OpenCue job spec (XML) cannot hold its control characters");
                }
                Matcher m = TOKEN.matcher(w);
                if (m.find()) {
                    throw refused(label(words, i), w, "OpenCue would replace " + m.group() + " in it with a value "
                            + "of its own (rename it)");
                }
            }
        }

        /** OpenCue names: no spaces or dots. */
        private static String token(String s) {
            String t = s.replaceAll("[^A-Za-z0-9_-]+", "_");
            return t.isEmpty() ? "facemat" : t;
        }
    }

    /**
     * Open Job Description (jobtemplate-2023-09, with the TASK_CHUNKING extension that AWS Deadline Cloud supports):
     * job parameters for the paths, the frame range and the chunk size, a Render step whose task parameter is a
     * CHUNK[INT] over the range (each task receives a contiguous "S-E"), and a Movie step that depends on it.
     *
     * <p>Each step's action runs facemat itself ({@code command} and {@code args}): OpenJD fills the parameters into
     * the args' format strings and passes every arg as one word of the command line, with no shell in between, so a
     * value is never parsed as shell text. The exit code is facemat's.
     */
    public static final class OpenJd {
        private OpenJd() {
        }

        /** Longest job parameter value the 2023-09 schema accepts. */
        public static final int MAX_VALUE = 1024;

        /** Largest ChunkSize a submitter may give: a chunk of more frames is a whole long shot in one task. */
        public static final int MAX_CHUNK = 100_000;
        /** Longest OutputName: a file name (most file systems hold 255 bytes). */
        public static final int MAX_NAME = 255;
        /** Longest Frames value ("S-E" of two 10-digit frame numbers, with room for signs). */
        public static final int MAX_FRAMES_TEXT = 32;

        public static List<Path> write(FarmJob j, Path dir) throws IOException {
            ChunkPlan p = j.plan();
            FarmResources res = j.resources();
            Path bundle = dir.resolve(j.name() + ".openjd");
            Path basePath = Path.of(j.base());
            String outDir = basePath.getParent() == null ? "/" : basePath.getParent().toString();
            String outName = basePath.getFileName() == null ? "" : basePath.getFileName().toString();
            parameterValue("the input", j.input());
            parameterValue("--out", outDir);
            if (outName.isEmpty() || outName.length() > MAX_NAME) {
                throw refused("--out", j.base(), "its file name must be 1 to " + MAX_NAME + " characters (the "
                        + "OutputName parameter)");
            }
            if (j.model() != null) {
                parameterValue("--model", j.model());
            }
            literal("--facemat", j.facemat());
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("specificationVersion", "jobtemplate-2023-09");
            t.put("extensions", List.of("TASK_CHUNKING"));
            t.put("name", "FaceMat " + j.name());
            List<Object> params = new ArrayList<>();
            params.add(map("name", "Input", "type", "PATH", "objectType", "FILE", "dataFlow", "IN",
                    "default", j.input()));
            params.add(map("name", "OutputDir", "type", "PATH", "objectType", "DIRECTORY", "dataFlow", "OUT",
                    "description", "folder of the rendered frames and movies", "default", outDir));
            params.add(map("name", "OutputName", "type", "STRING", "minLength", 1, "maxLength", MAX_NAME,
                    "description", "file name base: <OutputDir>/<OutputName>.####.exr", "default", outName));
            params.add(map("name", "Frames", "type", "STRING", "minLength", 1, "maxLength", MAX_FRAMES_TEXT,
                    "description", "frame range to render, S-E", "default", p.first() + "-" + p.last()));
            params.add(map("name", "ChunkSize", "type", "INT", "minValue", 1, "maxValue", MAX_CHUNK,
                    "description", "frames per task", "default", p.chunkSize()));
            if (j.model() != null) {
                params.add(map("name", "Model", "type", "PATH", "objectType", "FILE", "dataFlow", "IN",
                        "default", j.model()));
            }
            t.put("parameterDefinitions", params);
            t.put("jobEnvironments", List.of(map("name", "FaceMatJavaHeap",
                    "description", "the Java heap of facemat: " + res.heapMiB() + " MiB of the " + res.memoryMiB()
                            + " MiB each task asks for",
                    "variables", map("FACEMAT_JAVA_OPTS", res.javaOpts()))));
            List<Object> steps = new ArrayList<>();
            List<String> render = j.renderCommand("{{Task.Param.Frame}}");
            Map<Integer, String> refs = new HashMap<>();
            refs.put(2, "{{Param.Input}}");
            refs.put(RANGE, "{{Task.Param.Frame}}");
            if (j.model() != null) {
                refs.put(render.size() - 1, "{{Param.Model}}");
            }
            steps.add(map("name", "Render",
                    "parameterSpace", map("taskParameterDefinitions", List.of(map("name", "Frame",
                            "type", "CHUNK[INT]", "range", "{{Param.Frames}}",
                            "chunks", map("defaultTaskCount", "{{Param.ChunkSize}}",
                                    "rangeConstraint", "CONTIGUOUS")))),
                    "hostRequirements", hostRequirements(j.threads(), res, j.wantsGpu()),
                    "script", action(render, refs, j.base(), res)));
            if (!j.movies().isEmpty()) {
                steps.add(map("name", "Movie",
                        "dependencies", List.of(map("dependsOn", "Render")),
                        "hostRequirements", hostRequirements(1, res, false),
                        "script", action(j.assembleCommand(), Map.of(3, "{{Param.Input}}", 5, "{{Param.Frames}}"),
                                j.base(), res)));
            }
            t.put("steps", steps);
            String text = yaml(t, List.of("FaceMat shot render as an Open Job Description job template.",
                    "Deadline Cloud: deadline bundle submit " + bundle.getFileName()));
            return List.of(FarmJob.write(bundle.resolve("template.yaml"), text, false));
        }

        /**
         * The template as YAML, {@code comments} above it: block style, two-space indents, each string plain or quoted
         * as SnakeYAML finds it needs (a format string starts with {@code {}, so it is quoted), characters YAML cannot
         * print as escapes in double quotes, no line folded.
         */
        public static String yaml(Map<String, Object> template, List<String> comments) {
            DumperOptions o = new DumperOptions();
            o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            o.setIndent(2);
            o.setIndicatorIndent(2);
            o.setIndentWithIndicator(true);
            o.setSplitLines(false);
            o.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
            o.setProcessComments(true);
            Yaml y = new Yaml(o);
            MappingNode root = (MappingNode) y.represent(template);
            root.getValue().get(0).getKeyNode().setBlockComments(comments.stream()
                    .map(c -> new CommentLine(null, null, " " + c, CommentType.BLOCK)).toList());
            StringWriter w = new StringWriter();
            y.serialize(root, w);
            return w.toString();
        }

        /** A mapping in the order of its keys and values ({@code key1, value1, key2, value2, ...}). */
        private static Map<String, Object> map(Object... keysAndValues) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                m.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
            return m;
        }

        /** A step's host requirements: vCPUs, memory in MiB ({@code amount.worker.memory}) and a GPU if asked. */
        private static Map<String, Object> hostRequirements(int vcpu, FarmResources res, boolean gpu) {
            List<Object> amounts = new ArrayList<>();
            amounts.add(map("name", "amount.worker.vcpu", "min", vcpu));
            amounts.add(map("name", "amount.worker.memory", "min", res.memoryMiB()));
            if (gpu) {
                amounts.add(map("name", "amount.worker.gpu", "min", 1));
            }
            return map("amounts", amounts);
        }

        /**
         * A step script whose onRun action is the command itself: words at the indexes of {@code refs} are replaced
         * by those format strings, words under the output base start with {@code {{Param.OutputDir}}/{{Param.OutputName}}} (so that the
         * job follows the parameter), the others are written as they are.
         */
        private static Map<String, Object> action(List<String> words, Map<Integer, String> refs, String base,
                                                  FarmResources res) {
            List<String> w = new ArrayList<>();
            for (int i = 0; i < words.size(); i++) {
                String s = words.get(i);
                if (refs.containsKey(i)) {
                    w.add(refs.get(i));
                } else if (i > 0 && s.startsWith(base)) {
                    String rest = s.substring(base.length());
                    literal(label(words, i), rest);
                    w.add("{{Param.OutputDir}}/{{Param.OutputName}}" + rest);
                } else {
                    literal(label(words, i), s);
                    w.add(s);
                }
            }
            return map("actions", map("onRun", map("command", w.get(0), "args", List.copyOf(w.subList(1, w.size())),
                    "timeout", res.timeSeconds())));
        }

        /** A value written into a format string as it is: OpenJD would read {{ as a reference, and refuses controls. */
        private static void literal(String what, String value) {
            if (value.contains("{{")) {
                throw refused(what, value, "an Open Job Description template would read {{ in it as a reference");
            }
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    throw refused(what, value, "an Open Job Description command cannot hold control characters");
                }
            }
        }

        /** A job parameter's value: anything, up to 1024 characters. */
        private static void parameterValue(String what, String value) {
            if (value.length() > MAX_VALUE) {
                throw refused(what, value.substring(0, 60) + "...", "longer than the " + MAX_VALUE
                        + " characters an Open Job Description parameter holds");
            }
        }
    }

    /**
     * Slurm: a job array with one task per chunk (the task works its chunk's range out from
     * {@code SLURM_ARRAY_TASK_ID}), a movie job that starts when every task has succeeded
     * ({@code --dependency=afterok}), and a submit script that queues both.
     */
    public static final class Slurm {
        private Slurm() {
        }

        /**
         * An #SBATCH --output file name: {@code folder} read literally (its {@code %} doubled, so that Slurm does not
         * take it for a file name pattern) then {@code pattern}, in double quotes with {@code \\} and {@code "}
         * escaped by a backslash, as sbatch reads the arguments of #SBATCH lines.
         */
        public static String directive(String folder, String pattern) {
            String name = folder.replace("%", "%%") + pattern;
            return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }

        /** The render task's memory, time limit and GPU request. */
        private static String resources(FarmJob j) {
            String r = "#SBATCH --mem=" + j.resources().memoryText() + "\n"
                    + "#SBATCH --time=" + j.resources().slurmTime() + "\n";
            return j.wantsGpu() ? r + "#SBATCH --gres=gpu:1\n" : r;
        }

        /**
         * The Java heap from the job's memory. It goes after any FACEMAT_JAVA_OPTS the task inherits (sbatch passes
         * the submitting shell's environment on), so the site's other JVM options stay and the last -Xmx, this one,
         * is the one the JVM takes.
         */
        private static String heap(FarmJob j) {
            return "export FACEMAT_JAVA_OPTS=\"${FACEMAT_JAVA_OPTS:+$FACEMAT_JAVA_OPTS }" + j.resources().javaOpts()
                    + "\"\n";
        }

        public static List<Path> write(FarmJob j, Path dir) throws IOException {
            ChunkPlan p = j.plan();
            String logs = j.base() + ".logs";
            for (int i = 0; i < logs.length(); i++) {
                char c = logs.charAt(i);
                if (Character.isISOControl(c)) {
                    throw refused("--out", j.base(), "its log folder goes in an #SBATCH line, which cannot hold "
                            + (c == '\n' ? "a newline" : "control characters"));
                }
                if (c == '\\') {
                    throw refused("--out", j.base(), "its log folder goes in an #SBATCH --output file name, in "
                            + "which Slurm drops a backslash");
                }
            }
            List<Path> files = new ArrayList<>();
            StringBuilder r = new StringBuilder();
            r.append("#!/bin/bash\n");
            r.append("# FaceMat shot render, one array task per chunk of ").append(p.chunkSize())
                    .append(" frames (pre-roll ").append(Preroll.text(p.preroll())).append(").\n");
            r.append("# Queue it with ").append(j.name()).append(".submit.sh (it also queues the movie job).\n");
            r.append("#SBATCH --job-name=").append(j.name()).append("-render\n");
            r.append("#SBATCH --array=0-").append(p.chunks().size() - 1).append('\n');
            r.append("#SBATCH --ntasks=1\n");
            r.append("#SBATCH --cpus-per-task=").append(j.threads()).append('\n');
            r.append(resources(j));
            r.append("#SBATCH --output=").append(directive(logs, "/render-%A_%a.log")).append('\n');
            r.append("#SBATCH --requeue\n");
            r.append("set -euo pipefail\n");
            r.append(heap(j));
            r.append("first=").append(p.first()).append(" last=").append(p.last()).append(" chunk=")
                    .append(p.chunkSize()).append('\n');
            r.append("i=${SLURM_ARRAY_TASK_ID:?run with sbatch (a job array task)}\n");
            r.append("s=$((first + i * chunk))\n");
            r.append("e=$((s + chunk - 1))\n");
            r.append("if [ \"$e\" -gt \"$last\" ]; then e=$last; fi\n");
            r.append("echo \"chunk $((i + 1)) of ").append(p.chunks().size())
                    .append(": frames $s-$e on $(hostname)\" >&2\n");
            r.append("exec ").append(shell(j.renderCommand("\"$s-$e\""), RANGE)).append('\n');
            files.add(FarmJob.write(dir.resolve(j.name() + ".render.sbatch"), r.toString(), true));

            if (!j.movies().isEmpty()) {
                StringBuilder a = new StringBuilder();
                a.append("#!/bin/bash\n");
                a.append("# FaceMat: builds the movies from the rendered frames once every chunk has finished.\n");
                a.append("#SBATCH --job-name=").append(j.name()).append("-movie\n");
                a.append("#SBATCH --ntasks=1\n");
                a.append("#SBATCH --cpus-per-task=1\n");
                a.append("#SBATCH --mem=").append(j.resources().memoryText()).append('\n');
                a.append("#SBATCH --time=").append(j.resources().slurmTime()).append('\n');
                a.append("#SBATCH --output=").append(directive(logs, "/movie-%j.log")).append('\n');
                a.append("set -euo pipefail\n");
                a.append(heap(j));
                a.append("exec ").append(shell(j.assembleCommand(), -1)).append('\n');
                files.add(FarmJob.write(dir.resolve(j.name() + ".movie.sbatch"), a.toString(), true));
            }

            StringBuilder s = new StringBuilder();
            s.append("#!/bin/bash\n");
            s.append("# Queues the FaceMat render of ").append(j.name())
                    .append(": the chunk array, then the movie job that waits for it.\n");
            s.append("# Prints render=<job id> and movie=<job id>. Extra arguments go to both sbatch calls\n");
            s.append("# (e.g. --partition=render --account=show).\n");
            s.append("set -euo pipefail\n");
            s.append("here=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n");
            s.append("mkdir -p ").append(quote(logs)).append('\n');
            s.append("render=$(sbatch --parsable \"$@\" \"$here/").append(j.name()).append(".render.sbatch\")\n");
            s.append("render=${render%%;*}\n");
            s.append("echo \"render=$render\"\n");
            if (!j.movies().isEmpty()) {
                s.append("movie=$(sbatch --parsable --dependency=afterok:$render --kill-on-invalid-dep=yes \"$@\" "
                        + "\"$here/").append(j.name()).append(".movie.sbatch\")\n");
                s.append("movie=${movie%%;*}\n");
                s.append("echo \"movie=$movie\"\n");
            }
            files.add(FarmJob.write(dir.resolve(j.name() + ".submit.sh"), s.toString(), true));
            return files;
        }
    }
}
