package org.facemat.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.facemat.farm.ChunkPlan;
import org.facemat.farm.FarmJob;
import org.facemat.farm.FarmResources;
import org.facemat.farm.Preroll;
import org.facemat.media.ColorSpace;
import org.facemat.media.FrameSource;
import org.facemat.media.MediaException;
import org.facemat.render.Assembler;
import org.facemat.render.PassSpec;
import org.facemat.render.Preset;
import org.facemat.render.RenderException;
import org.facemat.render.RenderSettings;
import org.facemat.render.RenderSummary;
import org.facemat.review.ReviewFile;
import org.facemat.review.ReviewReport;
import org.facemat.review.ReviewSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code facemat farm}: a shot cut into chunks for a render farm, job descriptions, and the final movie. */
@Command(name = "farm", description = "Render a shot on a farm: plan chunks, export jobs, assemble the movie.",
        subcommands = {FarmCommand.Plan.class, FarmCommand.Export.class, FarmCommand.Assemble.class})
final class FarmCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CliFailure(ExitCode.USAGE, "farm needs a subcommand: plan, export or assemble "
                + "(facemat farm --help)");
    }

    /** The options that say how a shot is cut. */
    static class Shot {
        @Parameters(index = "0", paramLabel = "<input>", description = "the shot: movie or image sequence")
        Path input;

        @Option(names = "--frames", paramLabel = "S-E", description = "frame range (default: the whole source)")
        String frames;

        @Option(names = "--chunk", defaultValue = "" + ChunkPlan.DEFAULT_CHUNK, paramLabel = "N",
                description = "frames per chunk (default ${DEFAULT-VALUE})")
        int chunk;

        @Option(names = "--preroll", defaultValue = Preroll.DEFAULT, paramLabel = "P|all",
                description = "pre-roll of each chunk (default ${DEFAULT-VALUE}: from the shot's first frame, so "
                        + "chunks equal a continuous render)")
        String preroll;

        @CommandLine.Mixin
        TimingOptions timing = new TimingOptions();

        /** The frame size, known after {@link #plan()}. */
        int width;
        int height;

        ChunkPlan plan() {
            long[] range = parseFrames(frames);
            Long start = timing.timing().startFrame(); // checks --fps and --timecode too, before any file is written
            try (FrameSource src = FrameSource.open(input,
                    org.facemat.media.SourceOptions.DEFAULT.withStartFrame(start))) {
                long first = range != null ? range[0] : src.firstFrameNumber();
                long last = range != null ? range[1] : src.lastFrameNumber();
                if (src.frameCount() <= 0) {
                    throw new CliFailure(ExitCode.BAD_INPUT, src.path() + ": no frames");
                }
                if (first > last || first < src.firstFrameNumber() || last > src.lastFrameNumber()) {
                    throw new CliFailure(ExitCode.BAD_INPUT, src.path() + ": frames " + first + "-" + last
                            + " are outside the source's " + src.firstFrameNumber() + "-" + src.lastFrameNumber());
                }
                if (chunk < 1) {
                    throw new CliFailure(ExitCode.USAGE, "--chunk must be >= 1, got " + chunk);
                }
                width = src.width();
                height = src.height();
                return ChunkPlan.of(src.firstFrameNumber(), first, last, chunk, Preroll.parse(preroll));
            } catch (MediaException e) {
                throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
            }
        }
    }

    static long[] parseFrames(String frames) {
        if (frames == null) {
            return null;
        }
        String[] p = frames.trim().split("-");
        try {
            long first = Long.parseLong(p[0].trim());
            long last = p.length > 1 ? Long.parseLong(p[1].trim()) : first;
            if (p.length > 2) {
                throw new NumberFormatException();
            }
            if (first > last) {
                throw new CliFailure(ExitCode.USAGE, "bad --frames '" + frames + "': the first frame is after the "
                        + "last");
            }
            return new long[] {first, last};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new CliFailure(ExitCode.USAGE, "bad --frames '" + frames + "' (expected S-E, e.g. 1001-1100; steps "
                    + "and lists are for render: a farm chunks one range)");
        }
    }

    @Command(name = "plan", description = "Print the chunks a shot is cut into, with their pre-roll and its cost.")
    static final class Plan implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Shot shot = new Shot();

        @Option(names = "--json", description = "one JSON object per chunk instead of a table")
        boolean json;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            ChunkPlan p = shot.plan();
            if (json) {
                Gson gson = new GsonBuilder().disableHtmlEscaping().create();
                for (ChunkPlan.Chunk c : p.chunks()) {
                    JsonObject o = new JsonObject();
                    o.addProperty("chunk", c.index() + 1);
                    o.addProperty("chunks", p.chunks().size());
                    o.addProperty("first", c.first());
                    o.addProperty("last", c.last());
                    o.addProperty("preroll_from", c.networkFirst());
                    o.addProperty("preroll_frames", c.prerollFrames());
                    o.addProperty("frames", c.range());
                    out.println(gson.toJson(o));
                }
                out.flush();
                return;
            }
            out.printf(Locale.ROOT, "shot %s: frames %d-%d (%d), %d chunk(s) of %d, pre-roll %s%n", shot.input,
                    p.first(), p.last(), p.frames(), p.chunks().size(), p.chunkSize(), Preroll.text(p.preroll()));
            for (ChunkPlan.Chunk c : p.chunks()) {
                out.printf(Locale.ROOT, "chunk %d/%d  frames %s  network from %d (%d pre-roll frames)%n",
                        c.index() + 1, p.chunks().size(), c.range(), c.networkFirst(), c.prerollFrames());
            }
            out.printf(Locale.ROOT, "network frames: %d for %d written (one piece: %d): pre-roll overhead %.1f %%%n",
                    p.networkFrames(), p.frames(), p.singleRunFrames(), p.overheadPercent());
            out.flush();
        }
    }

    @Command(name = "export", sortOptions = false, description = "Write job descriptions for a farm manager: "
            + "OpenCue job XML, an Open Job Description template (AWS Deadline Cloud), or Slurm batch scripts.")
    static final class Export implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Shot shot = new Shot();

        @Option(names = "--engine", required = true, paramLabel = "opencue|openjd|slurm",
                description = "the farm manager")
        String engine;

        @Option(names = "--out", required = true, paramLabel = "<base>", description = "base path of the rendered "
                + "frames, as the farm's machines see it (e.g. /shows/x/renders/sh010/matte)")
        Path out;

        @Option(names = "--preset", defaultValue = "nuke-exr", paramLabel = "<name>", description = "frame preset "
                + "(sequence outputs only, one of them EXR; default ${DEFAULT-VALUE})")
        String preset;

        @Option(names = "--movie", defaultValue = "prores,preview", paramLabel = "prores,preview|<preset>|none",
                description = "movies the last step builds from the frames, as movie presets: prores = "
                        + "resolve-prores4444 (<base>.mov, plate + matte, and <base>.uncertainty.mov), preview = "
                        + "review-preview (<base>.preview.mp4, <base>.preview-uncertainty.mp4), or a preset name or "
                        + "file of movie outputs (default ${DEFAULT-VALUE})")
        String movie;

        @Option(names = "--memory", paramLabel = "<size>", description = "memory per task, e.g. 8G or 8192M, written "
                + "into every engine's job; the Java heap is the memory less max(1/4, 1G) (default: from the frame "
                + "size, at least 4G)")
        String memory;

        @Option(names = "--time", paramLabel = "<limit>", description = "time limit per task, e.g. 2h, 90m, 1h30m, "
                + "2:30:00 (default: from the longest task's frames, at least 1h)")
        String time;

        @Option(names = "--device", paramLabel = "<device>", description = "the render's --device on the farm "
                + "(auto, cpu, cuda, tensorrt; cuda! or tensorrt! to fail a task with exit code 7 instead of falling "
                + "back to the CPU; cuda and tensorrt ask the farm for a GPU; default: the render's default, auto)")
        String device;

        @Option(names = "--require-device", description = "the render's --require-device: exit code 7 instead of a "
                + "CPU fallback (the same as a trailing ! on --device)")
        boolean requireDevice;

        @Option(names = "--job-dir", defaultValue = ".", paramLabel = "<dir>",
                description = "where the job files are written (default: here)")
        Path jobDir;

        @Option(names = "--name", paramLabel = "<job>", description = "job name (default: from the input's name)")
        String name;

        @Option(names = "--farm-input", paramLabel = "<path>", description = "the input's path on the farm's "
                + "machines, when they mount it elsewhere (default: its absolute path here)")
        String farmInput;

        @Option(names = "--facemat", defaultValue = "facemat", paramLabel = "<command>",
                description = "the facemat command on the farm's machines (default ${DEFAULT-VALUE})")
        String facemat;

        @Option(names = "--model", paramLabel = "<file.onnx>", description = "model file, or a shipped "
                + "model's name (kept as a name in the job: each node uses its own copy; default: the shipped one)")
        Path model;

        @Option(names = "--threads", defaultValue = "2", description = "CPU threads per chunk (default 2)")
        int threads;

        @Option(names = "--colorspace", defaultValue = "auto", paramLabel = "<name>", description = "the input's "
                + "colour space, passed to every render and to the movie step (as for render; default "
                + "${DEFAULT-VALUE})")
        String colorSpace;

        @Option(names = "--alpha", paramLabel = "premultiplied|straight", description = "passed to every render and "
                + "to the movie step (as for render; default: each format's own)")
        String alpha;

        @Option(names = {"--show"}, description = "OpenCue show (default: $SHOW; one of them is required)")
        String show;

        @Option(names = {"--shot"}, description = "OpenCue shot (default: $SHOT; one of them is required)")
        String cueShot;

        @Option(names = {"--user"}, description = "OpenCue user (default: $USER)")
        String user;

        /**
         * The job's --model: a shipped model's name stays a name, so each node renders with its own installed copy;
         * a file is made absolute.
         */
        private String modelArgument() {
            if (model == null) {
                return null;
            }
            if (!Files.exists(model) && DefaultModel.shipped(model.toString()) != null) {
                return model.toString();
            }
            return model.toAbsolutePath().normalize().toString();
        }

        @Override
        public void run() {
            PrintWriter o = spec.commandLine().getOut();
            String eng = engine.trim().toLowerCase(Locale.ROOT);
            if (!List.of("opencue", "openjd", "deadline", "slurm").contains(eng)) {
                throw new CliFailure(ExitCode.USAGE, "bad --engine '" + engine + "' (opencue, openjd or slurm)");
            }
            String cueShow = eng.equals("opencue") ? fromEnvironment(show, "SHOW") : null;
            String cueShotName = eng.equals("opencue") ? fromEnvironment(cueShot, "SHOT") : null;
            if (eng.equals("opencue") && (cueShow == null || cueShotName == null)) {
                throw new CliFailure(ExitCode.USAGE, "OpenCue needs a show and a shot: give --show and --shot, or set "
                        + "$SHOW and $SHOT (as OpenCue's tools read them); missing: "
                        + (cueShow == null ? cueShotName == null ? "show, shot" : "show" : "shot"));
            }
            List<String> deviceWords = new ArrayList<>();
            if (device != null || requireDevice) {
                DeviceRequest d = DeviceRequest.parse(device != null ? device : "auto", false);
                deviceWords.addAll(List.of("--device", d.text()));
                if (requireDevice) {
                    deviceWords.add("--require-device");
                }
            }
            ChunkPlan plan = shot.plan();
            String base = out.toAbsolutePath().normalize().toString();
            Path exr = exrPattern(base);
            List<String> moviePresets = movies(base);
            long longest = moviePresets.isEmpty() ? 0 : plan.frames();
            for (ChunkPlan.Chunk c : plan.chunks()) {
                longest = Math.max(longest, c.last() - c.networkFirst() + 1);
            }
            FarmResources res = FarmResources.of(memory, time, shot.width, shot.height, longest);
            String input = farmInput != null ? farmInput : shot.input.toAbsolutePath().normalize().toString();
            String space;
            String alphaMode;
            try {
                space = ColorSpace.parse(colorSpace).id();
                alphaMode = alpha == null ? null : RenderSettings.Alpha.parse(alpha).id();
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, e.getMessage());
            }
            FarmJob job = new FarmJob(jobName(), plan, input, base,
                    presetArgument(), exr.toString(), moviePresets, facemat,
                    modelArgument(), threads, res, deviceWords, space, alphaMode, shot.timing.words());
            List<Path> written;
            try {
                written = switch (eng) {
                    case "opencue" -> FarmJob.OpenCue.write(job, jobDir, cueShow, cueShotName,
                            java.util.Objects.requireNonNullElse(fromEnvironment(user, "USER"),
                                    System.getProperty("user.name", "render")));
                    case "openjd", "deadline" -> FarmJob.OpenJd.write(job, jobDir);
                    case "slurm" -> FarmJob.Slurm.write(job, jobDir);
                    default -> throw new CliFailure(ExitCode.USAGE, "bad --engine '" + engine
                            + "' (opencue, openjd or slurm)");
                };
            } catch (IOException e) {
                throw new CliFailure(ExitCode.OUTPUT_ERROR, jobDir + ": cannot write the job files ("
                        + e.getMessage() + ")");
            }
            for (Path p : written) {
                o.println("wrote " + p);
            }
            o.printf(Locale.ROOT, "%d chunk(s) of %d frames, pre-roll %s, overhead %.1f %%%n", plan.chunks().size(),
                    plan.chunkSize(), Preroll.text(plan.preroll()), plan.overheadPercent());
            o.println(res.describe());
            o.flush();
        }

        /** An option's value, else the environment variable's when set and not blank, else null. */
        private static String fromEnvironment(String option, String variable) {
            if (option != null && !option.isBlank()) {
                return option;
            }
            String v = System.getenv(variable);
            return v == null || v.isBlank() ? null : v;
        }

        /** Longest job name: it names files and goes into the jobs (OpenJD job names hold 128 characters). */
        static final int MAX_NAME = 100;

        /**
         * The job name, from --name or the input's file name: letters, digits and {@code _ . -} only (others become
         * {@code _}), so that it can stand in file names, #SBATCH lines, shell text and XML as it is.
         */
        private String jobName() {
            String n = name != null ? name : shot.input.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            n = n.replace("#", "").replace("%", "").replaceAll("[^A-Za-z0-9_.-]+", "_")
                    .replaceAll("^[._-]+|[._-]+$", "");
            if (n.length() > MAX_NAME) {
                n = n.substring(0, MAX_NAME).replaceAll("[._-]+$", "");
            }
            if (n.isEmpty()) {
                n = "facemat";
            }
            return n;
        }

        private String presetArgument() {
            Path file = Path.of(preset);
            return preset.endsWith(".json") ? file.toAbsolutePath().normalize().toString() : preset;
        }

        /** The EXR sequence the chunks write, from the preset; the preset must have sequence passes only. */
        private Path exrPattern(String base) {
            List<PassSpec> passes;
            try {
                passes = Preset.load(RenderCommand.presetDir(), preset).resolve(base);
            } catch (IOException | IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, e.getMessage());
            }
            Path exr = null;
            for (PassSpec p : passes) {
                if (!p.kind().isSequence()) {
                    throw new CliFailure(ExitCode.USAGE, "preset " + preset + " writes a movie (" + p.path()
                            + "): chunks can only write frame sequences; the movie is built by the last step "
                            + "(--movie)");
                }
                if (p.kind() == PassSpec.Kind.EXR && exr == null) {
                    exr = Path.of(p.path());
                }
            }
            if (exr == null) {
                throw new CliFailure(ExitCode.USAGE, "preset " + preset + " writes no EXR sequence (the movie step "
                        + "reads the matte from EXR frames)");
            }
            return exr;
        }

        /** The movie presets of the last step (names, or absolute files), each checked to write movies only. */
        private List<String> movies(String base) {
            List<String> m = new ArrayList<>();
            for (String s : movie.split(",")) {
                String name = switch (s.trim().toLowerCase(Locale.ROOT)) {
                    case "prores" -> "resolve-prores4444";
                    case "preview" -> "review-preview";
                    case "none", "" -> null;
                    default -> s.trim();
                };
                if (name == null) {
                    continue;
                }
                Assemble.moviePasses(name, base);
                String arg = name.endsWith(".json") ? Path.of(name).toAbsolutePath().normalize().toString() : name;
                if (!m.contains(arg)) {
                    m.add(arg);
                }
            }
            return m;
        }
    }

    @Command(name = "assemble", sortOptions = false, description = "Build movies (ProRes 4444, preview) from the "
            + "rendered EXR frames of a shot and its plate, without running the network: the farm job's last step.")
    static final class Assemble implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "<input>", description = "the shot the frames were rendered from")
        Path input;

        @Option(names = "--from", required = true, paramLabel = "<frames>", description = "the rendered EXR "
                + "frames, e.g. renders/sh010/matte.####.exr")
        Path from;

        @Option(names = "--out", paramLabel = "<movie>", description = "x.mov (ProRes 4444: plate + matte in alpha) or "
                + "x.mp4 (preview); repeatable")
        List<String> outs = new ArrayList<>();

        @Option(names = "--preset", paramLabel = "<name>", description = "a movie preset: every movie it names, "
                + "under --base (resolve-prores4444: <base>.mov and <base>.uncertainty.mov; review-preview: "
                + "<base>.preview.mp4, <base>.preview-uncertainty.mp4); repeatable")
        List<String> presets = new ArrayList<>();

        @Option(names = "--base", paramLabel = "<base>", description = "base path of the presets' movies (default: "
                + "--from without its .####.exr)")
        String base;

        @Option(names = "--frames", paramLabel = "S-E", description = "frame range (default: the whole source)")
        String frames;

        @Option(names = "--log", defaultValue = "auto", paramLabel = "auto|bar|json|quiet",
                description = "progress, as for render (default auto)")
        String log;

        @CommandLine.Mixin
        TimingOptions timing = new TimingOptions();

        @Option(names = "--colorspace", defaultValue = "auto", paramLabel = "<name>", description = "the plate's "
                + "colour space, as for render (default ${DEFAULT-VALUE})")
        String colorSpace;

        @Option(names = "--alpha", paramLabel = "premultiplied|straight", description = "ProRes with the plate: RGB "
                + "multiplied by the matte or not (default straight)")
        String alpha;

        @Option(names = "--no-review", description = "build no review: by default the step also writes the shot's "
                + "review from the frames' scores, <base>.review.json and the report <base>.review/ (docs/review.md)")
        boolean noReview;

        @Override
        public void run() {
            PrintWriter o = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            long[] range = parseFrames(frames);
            List<PassSpec> movies = new ArrayList<>();
            ColorSpace space;
            RenderSettings.Alpha alphaMode;
            try {
                for (String s : outs) {
                    movies.add(PassSpec.fromPath(s));
                }
                space = ColorSpace.parse(colorSpace);
                alphaMode = alpha == null ? null : RenderSettings.Alpha.parse(alpha);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, e.getMessage());
            }
            if (!presets.isEmpty()) {
                String b = base();
                if (b == null) {
                    throw new CliFailure(ExitCode.USAGE, "--preset needs --base <base>: --from " + from
                            + " does not end in .####.exr");
                }
                for (String p : presets) {
                    movies.addAll(moviePasses(p, b));
                }
            }
            if (movies.isEmpty()) {
                throw new CliFailure(ExitCode.USAGE, "assemble needs a movie: --preset <name> or --out x.mov / x.mp4");
            }
            ProgressLog progress = ProgressLog.create(log, o, err);
            try {
                RenderSummary r = Assembler.assemble(input, range == null ? null : range[0],
                        range == null ? null : range[1], from, movies, progress, space, alphaMode, timing.timing());
                progress.finished(r);
                if (!noReview) {
                    review(o);
                }
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, e.getMessage());
            } catch (RenderException e) {
                throw new CliFailure(ExitCode.of(e.kind()), e.getMessage());
            }
        }

        /** {@code --base}, else {@code --from} without its {@code .####.exr}; null when neither gives one. */
        private String base() {
            if (base != null) {
                return base;
            }
            String b = from.toString().replaceFirst("\\.(#+|%0?\\d*d)\\.exr$", "");
            return b.equals(from.toString()) ? null : b;
        }

        /**
         * The shot's review, built from the scores the chunks left in the frames' headers, as {@code facemat review}
         * builds it: {@code <base>.review.json} and the report in {@code <base>.review/}.
         */
        private void review(PrintWriter o) {
            String b = base();
            if (b == null) {
                return;
            }
            try {
                ReviewSource source = ReviewSource.open(from, input);
                ReviewFile r = source.review();
                if (r.frames().isEmpty()) {
                    return;
                }
                // the frames' headers do not name the plate: this step knows it
                r = new ReviewFile(r.format(), r.shot(), input.toString(), r.model(), r.fps(), r.settings(),
                        r.threshold(), r.frames(), r.flagged());
                source = new ReviewSource(r, source.from(), source.frames(), source.plate(), source.notes());
                Path json = Path.of(b + ".review.json");
                r.write(json);
                ReviewReport.Result report = ReviewReport.write(source, Path.of(b + ".review"));
                if (log.equals("json")) {
                    com.google.gson.JsonObject e = new com.google.gson.JsonObject();
                    e.addProperty("event", "review");
                    e.addProperty("file", json.toString());
                    e.addProperty("flagged", source.review().flagged().size());
                    e.addProperty("report", report.page().toString());
                    o.println(e);
                } else if (!log.equals("quiet")) {
                    o.println("review:   " + json + ", " + source.review().flagged().size() + " flagged range(s); "
                            + "report " + report.page());
                }
            } catch (IOException e) {
                throw new CliFailure(ExitCode.OUTPUT_ERROR, "review: " + e.getMessage());
            }
        }

        /** A preset's passes under {@code base}; every one must be a movie. */
        static List<PassSpec> moviePasses(String preset, String base) {
            List<PassSpec> passes;
            try {
                passes = Preset.load(RenderCommand.presetDir(), preset).resolve(base);
            } catch (IOException | IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, e.getMessage());
            }
            for (PassSpec p : passes) {
                if (p.kind().isSequence()) {
                    throw new CliFailure(ExitCode.USAGE, "preset " + preset + " writes frames (" + p.path() + "): the "
                            + "movie step builds movies only (resolve-prores4444, review-preview, or a preset of "
                            + "movie outputs)");
                }
            }
            return passes;
        }
    }
}
