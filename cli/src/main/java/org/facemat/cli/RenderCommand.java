package org.facemat.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemat.farm.Preroll;
import org.facemat.media.ColorSpace;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;
import org.facemat.model.Device;
import org.facemat.model.EngineCache;
import org.facemat.model.ExecutionProviders;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelContract;
import org.facemat.model.ModelLoadException;
import org.facemat.render.FaceOptions;
import org.facemat.render.FrameSelection;
import org.facemat.render.PassSpec;
import org.facemat.render.Preset;
import org.facemat.render.RenderException;
import org.facemat.render.RenderPlan;
import org.facemat.render.RenderSettings;
import org.facemat.render.RenderSummary;
import org.facemat.render.Renderer;
import org.facemat.render.Timing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/** {@code facemat render <input> --out <path>}: the main job. */
@Command(name = "render", sortOptions = false,
        description = "Render face matte passes (matte + uncertainty) from a movie or an image sequence.")
final class RenderCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "<input>", description = "movie (mp4, mov, mkv, mxf), sequence pattern (shot.####.exr, "
            + "shot.%%04d.png) or one numbered image of a sequence")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "<path>", description = "output: with a preset, the base "
            + "path the preset names its files from (e.g. renders/shot); without, a file or pattern whose extension "
            + "picks the format: .####.exr (matte + uncertainty), .mov (ProRes 4444), .####.png/.tif (16-bit matte), "
            + ".mp4 (preview). Repeatable.")
    List<String> outs = new ArrayList<>();

    @Option(names = "--review", paramLabel = "<file.json>", description = "where the per-frame review scores go "
            + "(default: <out>.review.json beside the first output; see docs/review.md)")
    Path review;

    @Option(names = "--no-review", description = "write no review file (each EXR still carries its frame's score; "
            + "farm chunks use this, and facemat review builds the shot's review from the frames)")
    boolean noReview;

    @Option(names = "--preset", paramLabel = "<name>", description = "output preset from presets/ (nuke-exr, "
            + "resolve-prores4444, png16, review-preview) or a preset JSON file")
    String preset;

    @Option(names = "--frames", paramLabel = "S-E", description = "frames to write, in the source's numbering (or "
            + "--start-frame's): 1001-1100, every 2nd 1001-1100x2, lists 1001-1010,1020; the network runs through "
            + "the frames between; default: all")
    String frames;

    @CommandLine.Mixin
    TimingOptions timingOptions;

    @Option(names = "--no-audio", description = "leave the input's audio out of movie outputs (by default a movie "
            + "input's audio is copied, as it is, into .mov and .mp4 outputs over the rendered range)")
    boolean noAudio;

    @Option(names = "--gap", defaultValue = "black", paramLabel = "black|hold", description = "with --on-error skip: "
            + "a frame that could not be decoded is black (matte 0) or the previous frame held in movie outputs, so "
            + "they keep one picture per frame; sequences leave the file out (default ${DEFAULT-VALUE})")
    String gap;

    @Option(names = "--preroll", defaultValue = Preroll.DEFAULT, paramLabel = "P|all", description = "frames before "
            + "the range run through the network, unwritten, to build the recurrent state; 'all' = from the source's "
            + "first frame, so the range equals a render of the whole shot (default ${DEFAULT-VALUE}; see docs/farm.md)")
    String preroll;

    @Option(names = "--downsample", paramLabel = "<ratio>", description = "downsample ratio in (0,1]; default: the "
            + "model's recommendation for the frame size")
    Float ratio;

    @Option(names = "--model", paramLabel = "<file.onnx>", description = "model file, or a shipped model's name "
            + "(facemat-face, facemat-face-fp16, facemat-face-2.0.0, facemat-face-1.1.0; default: facemat-face)")
    Path model;

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, cuda or tensorrt (default auto: "
            + "TensorRT, then CUDA, then CPU); a trailing ! (cuda!, tensorrt!, auto!: a GPU) stops with exit code 7 "
            + "instead of falling back to the CPU")
    String device;

    @Option(names = "--require-device", description = "the same as a trailing ! on --device: exit code 7 when the "
            + "device cannot start, no fallback")
    boolean requireDevice;

    @Option(names = "--threads", defaultValue = "2", description = "CPU threads for the network (default 2)")
    int threads;

    @Option(names = "--resume", description = "skip frames whose outputs are complete on disk; the recurrent state "
            + "is rebuilt through them, so the result equals an uninterrupted render")
    boolean resume;

    @Option(names = "--on-error", defaultValue = "stop", paramLabel = "skip|stop",
            description = "a frame that cannot be decoded: stop the render (default) or skip it and go on")
    String onError;

    @Option(names = "--log", defaultValue = "auto", paramLabel = "auto|bar|json|quiet",
            description = "progress: a bar on a terminal, one JSON line per frame otherwise (default auto)")
    String log;

    @Option(names = "--faces", defaultValue = "auto", paramLabel = "auto|off", description = "auto: find and track "
            + "every face, matte each on its own crop at the size the network trained on and put it back (the matte is "
            + "0 outside faces); off: the network sees the whole frame (default ${DEFAULT-VALUE})")
    String faces;

    @Option(names = "--faces-out", paramLabel = "<file.jsonl>", description = "write each frame's faces (track id, "
            + "box, crop) as JSON Lines; see docs/formats.md")
    Path facesOut;

    @Option(names = "--faces-landmarks", description = "with --faces-out: add the 468 landmarks of each face")
    boolean facesLandmarks;

    @Option(names = "--faces-rotate", description = "turn each face's crop so its eye line is level")
    boolean facesRotate;

    @Option(names = "--colorspace", defaultValue = "auto", paramLabel = "<name>", description = "the input's colour "
            + "space: auto (OpenEXR scene-linear Rec.709, everything else sRGB), srgb, linear (Rec.709 primaries), "
            + "acescg, logc3 (ARRI LogC3 EI 800, Wide Gamut 3) or slog3 (Sony S-Log3, S-Gamut3.Cine); "
            + "default ${DEFAULT-VALUE}")
    String colorSpace;

    @Option(names = "--alpha", paramLabel = "premultiplied|straight", description = "outputs with the plate in RGB: "
            + "RGB multiplied by the matte or not (default: premultiplied for EXR, straight for ProRes)")
    String alpha;

    @Option(names = "--dry-run", description = "print what would be written and exit")
    boolean dryRun;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RenderSettings settings = settings();
        DeviceRequest request = DeviceRequest.parse(device, requireDevice);
        Device dev = request.device();
        Path modelFile = DefaultModel.resolve(model);
        try (FaceMatModel m = FaceMatModel.open(modelFile, dev, threads, engineCache())) {
            request.check(m.provider());
            // on the CPU build, falling back from auto is the normal case: say so only when a GPU was asked for
            if (dev != Device.AUTO || ExecutionProviders.compiledIn().size() > 1) {
                for (String note : m.provider().notes()) {
                    err.println("facemat: warning: " + note + "; using " + m.provider().provider());
                }
            }
            String alpha = m.metadata().getOrDefault(ModelContract.META_ALPHA, "");
            if (!alpha.isEmpty() && !alpha.startsWith("skin")) {
                // the init model is a person matte: it renders, but not what a face matte user expects
                err.println("facemat: warning: " + modelFile.getFileName() + " is not a face matte (its alpha is "
                        + alpha.split(":", 2)[0] + ")");
            }
            Renderer renderer = new Renderer(m);
            if (dryRun) {
                printPlan(out, renderer.plan(settings), modelFile);
                return;
            }
            ProgressLog progress = ProgressLog.create(log, out, err);
            RenderSummary r;
            try (Interrupts signals = Interrupts.interruptingCurrentThread()) {
                try {
                    r = renderer.render(settings, progress);
                } catch (RenderException e) {
                    if (signals.signal() != null) {
                        progress.interrupted(signals.signal(), progress.writtenSoFar());
                        throw new CliFailure(signals.exitCode(), "interrupted (SIG" + signals.signal() + ") after "
                                + progress.writtenSoFar() + " frame(s) written; unfinished files removed; run the "
                                + "same command with --resume to finish");
                    }
                    throw e;
                }
            }
            progress.finished(r);
            if (!r.skipped().isEmpty()) {
                throw new CliFailure(ExitCode.PARTIAL, r.skipped().size() + " frame(s) could not be decoded and were "
                        + "skipped: " + r.skipped());
            }
        } catch (ModelLoadException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, e.getMessage());
        } catch (RenderException e) {
            throw new CliFailure(ExitCode.of(e.kind()), e.getMessage());
        } catch (ai.onnxruntime.OrtException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, modelFile + ": " + e.getMessage());
        }
    }

    private RenderSettings settings() {
        List<PassSpec> passes = new ArrayList<>();
        List<Path> alsoReads = new ArrayList<>();
        try {
            for (String o : outs) {
                if (preset != null) {
                    alsoReads.add(Preset.fileFor(presetDir(), preset));
                    passes.addAll(Preset.load(presetDir(), preset).resolve(o));
                } else {
                    passes.add(PassSpec.fromPath(o));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
        FrameSelection selection = frameSelection(frames);
        Long first = selection == null ? null : selection.first();
        Long last = selection == null ? null : selection.last();
        Timing timing = timingOptions.timing();
        RenderSettings.GapFill gapFill;
        try {
            gapFill = RenderSettings.GapFill.valueOf(gap.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "bad --gap '" + gap + "' (black or hold)");
        }
        if (ratio != null && !(ratio > 0f && ratio <= 1f)) {
            throw new CliFailure(ExitCode.USAGE, "--downsample must be in (0, 1], got " + ratio);
        }
        RenderSettings.OnError policy;
        try {
            policy = RenderSettings.OnError.valueOf(onError.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "bad --on-error '" + onError + "' (skip or stop)");
        }
        ColorSpace space;
        RenderSettings.Alpha alphaMode;
        try {
            space = ColorSpace.parse(colorSpace);
            alphaMode = alpha == null ? null : RenderSettings.Alpha.parse(alpha);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
        FaceOptions faceOptions;
        try {
            faceOptions = switch (faces.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "auto" -> new FaceOptions(true, facesOut, facesLandmarks, facesRotate, DefaultModel.folder());
                case "off" -> new FaceOptions(false, facesOut, facesLandmarks, facesRotate, null);
                default -> throw new IllegalArgumentException("bad --faces '" + faces + "' (auto or off)");
            };
            if (facesLandmarks && facesOut == null) {
                throw new IllegalArgumentException("--faces-landmarks needs --faces-out <file.jsonl>");
            }
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
        try {
            return new RenderSettings(input, first, last, Preroll.parse(preroll), ratio, policy, resume, passes,
                    alsoReads, faceOptions, selection != null && !selection.contiguous() ? selection : null, timing,
                    gapFill, !noAudio, space, alphaMode).withReviewFile(reviewFile());
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, e.getMessage());
        }
    }

    /** The review file: {@code --review}, none with {@code --no-review}, else beside the first output. */
    private Path reviewFile() {
        if (noReview) {
            if (review != null) {
                throw new CliFailure(ExitCode.USAGE, "--review and --no-review exclude each other");
            }
            return null;
        }
        if (review != null) {
            return review;
        }
        return outs.isEmpty() ? null : Path.of(reviewBase(outs.get(0), preset != null) + ".review.json");
    }

    /**
     * An output's base name: a preset's base path as given; a file or pattern without its frame placeholder and
     * extension ({@code renders/x.####.exr} and {@code renders/x.mov} give {@code renders/x}).
     */
    static String reviewBase(String out, boolean preset) {
        if (preset) {
            return out;
        }
        String dir = out.contains("/") ? out.substring(0, out.lastIndexOf('/') + 1) : "";
        String name = out.substring(dir.length());
        name = name.replaceFirst("\\.(#+|%0?\\d*d)(\\.[^.]*)?$", "").replaceFirst("\\.[A-Za-z0-9]+$", "");
        return dir + name;
    }

    /** {@code --frames} as a selection (null: every frame), or a usage error naming the text. */
    static FrameSelection frameSelection(String frames) {
        if (frames == null) {
            return null;
        }
        try {
            return FrameSelection.parse(frames);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "bad --frames: " + e.getMessage());
        }
    }

    /** The plate's alpha convention of a pass that writes the plate, as it will be written. */
    private String alphaText(PassSpec s) {
        boolean plateInRgb = s.plate() && (s.kind() == PassSpec.Kind.EXR
                || (s.kind() == PassSpec.Kind.PRORES && s.content() != PassSpec.Content.UNCERTAINTY));
        if (!plateInRgb) {
            return "";
        }
        RenderSettings.Alpha a = RenderSettings.Alpha.of(alpha == null ? null : RenderSettings.Alpha.parse(alpha),
                s.kind());
        return " (" + a.id() + (s.kind() == PassSpec.Kind.EXR ? ", scene-linear" : ", display-encoded") + ")";
    }

    /** TensorRT engines are built once per model and GPU and kept here. */
    static Path engineCache() {
        return EngineCache.defaultDir();
    }

    static Path presetDir() {
        String home = System.getProperty("facemat.home");
        return (home != null ? Path.of(home) : Path.of("")).resolve("presets");
    }

    private void printPlan(PrintWriter out, RenderPlan p, Path modelFile) {
        out.println("input:    " + p.input() + " (" + p.width() + "x" + p.height() + ")");
        out.println("time:     " + ProgressLog.timeLine(p));
        out.println("model:    " + p.model() + " (" + modelFile + ") on " + p.provider() + ", ratio " + p.ratio()
                + " (network at " + p.workingWidth() + "x" + p.workingHeight() + ")");
        out.println("frames:   " + p.frames() + (p.networkFirst() < p.first()
                ? " (pre-roll from " + p.networkFirst() + ")" : "") + ", " + p.toWrite() + " to write");
        for (PassSpec s : p.passes()) {
            String d = s.describe();
            String path = ": " + s.path();
            if (d.endsWith(path)) { // the plate's alpha and encoding before the file's name
                d = d.substring(0, d.length() - path.length()) + alphaText(s) + path;
            }
            out.println("output:   " + d);
        }
        Path reviewFile = reviewFile();
        out.println("review:   " + (reviewFile == null ? "scores in each EXR header only (--no-review)"
                : "per-frame scores to " + reviewFile));
        out.println("colour:   " + p.colorSpace() + "; the network sees sRGB-encoded Rec.709");
        out.println("faces:    " + (faces.equalsIgnoreCase("off") ? "off (the network sees the whole frame)"
                : "tracked, each matted on its own crop at " + org.facemat.node.AlignedMatting.WORKING + " px"
                + (facesOut != null ? ", records to " + facesOut : "")));
    }
}
