package org.facemat.render;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.facemat.face.FaceTrack;
import org.facemat.face.FaceTracker;
import org.facemat.io.InputFiles;
import org.facemat.media.Frame;
import org.facemat.media.FramePattern;
import org.facemat.media.FrameRate;
import org.facemat.media.FrameSource;
import org.facemat.media.MediaException;
import org.facemat.media.SourceOptions;
import org.facemat.media.Timecode;
import org.facemat.media.out.AudioRange;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.review.FrameScore;
import org.facemat.review.ReviewFile;
import org.facemat.review.ReviewThreshold;
import org.facemat.review.ReviewScorer;
import org.facemat.model.ModelContract;
import org.facemat.model.ModelLoadException;
import org.facemat.node.AlignedMatting;
import org.facemat.node.MatteNode;
import org.facemat.platform.StagePriority;

/**
 * Renders a clip through the node into its passes. Decoding, the network and writing run on three threads joined by
 * small bounded queues, so that they overlap and memory stays the same whatever the clip's length.
 */
public final class Renderer {
    /** Frames in flight between two stages; each 1080p frame is about 25 MB of floats. */
    static final int QUEUE = 3;

    private final FaceMatModel model;

    /**
     * A render worked out once, before it runs: what the user sees ({@link RenderPlan}), which frames each pass still
     * needs, and how many frames may wait between two stages.
     */
    private record Job(RenderPlan plan, ResumeIndex index, int queueDepth) {
    }

    public Renderer(FaceMatModel model) {
        this.model = model;
    }

    /** Opens the input and works out what would be rendered, without rendering. */
    public RenderPlan plan(RenderSettings s) throws RenderException {
        try (FrameSource src = open(s)) {
            return prepare(s, src, null).plan();
        }
    }

    public RenderSummary render(RenderSettings s, RenderListener listener) throws RenderException {
        try (FrameSource src = open(s)) {
            return render(s, src, (plan, source) -> {
                refuseWritingOverInputs(s, plan);
                return openPasses(s, source, plan);
            }, listener);
        }
    }

    /** Opens the passes of a render once it is worked out (the files, or a test's stand-ins). */
    interface PassOpener {
        List<MattePass> open(RenderPlan plan, FrameSource src) throws RenderException;
    }

    /** A render of an open source into the passes {@code opener} gives: the pipeline, without the file system. */
    RenderSummary render(RenderSettings s, FrameSource src, PassOpener opener, RenderListener listener)
            throws RenderException {
        long t0 = System.nanoTime();
        // a bad range or frame size, or frames too large for the heap, fail here, before any folder is made
        RenderPlan early = prepare(s, src, null).plan();
        List<MattePass> passes = opener.open(early, src);
        try {
            Job job = prepare(s, src, passes); // with the passes: a resume reads what is on disk
            listener.started(job.plan());
            RenderSummary r = run(s, src, job, passes, listener, t0);
            for (MattePass p : passes) {
                String noAudio = p instanceof MoviePass m ? m.audioSkipped() : null;
                if (noAudio != null && !noAudio.equals(AudioRange.NONE_IN_INPUT)) {
                    listener.warning(p.spec().path() + ": no audio: " + noAudio);
                }
                String noText = p instanceof MoviePass m ? m.captionsSkipped() : null;
                if (noText != null) {
                    listener.warning(p.spec().path() + ": " + noText);
                }
                try {
                    p.finish();
                } catch (IOException e) {
                    throw new RenderException(RenderException.Kind.OUTPUT, oneLine(e), e);
                }
            }
            return r;
        } finally {
            for (MattePass p : passes) {
                p.close();
            }
        }
    }

    /** Refuses, before any output is opened, a pass that would write over the input, the model or a preset. */
    private void refuseWritingOverInputs(RenderSettings s, RenderPlan plan) throws RenderException {
        InputFiles inputs = new InputFiles().file(model.file());
        for (Path extra : s.alsoReads()) {
            inputs.file(extra);
        }
        refuseWritingOverInputs(inputs, s.input(), s.passes(), plan.first(), plan.last());
        if (s.reviewFile() != null) {
            try {
                inputs.checkOutput(s.reviewFile());
            } catch (InputFiles.InputOverwriteException e) {
                throw new RenderException(RenderException.Kind.USAGE, e.getMessage(), e);
            }
            Path review = s.reviewFile().toAbsolutePath().normalize();
            for (PassSpec p : s.passes()) {
                if (!p.kind().isSequence() && Path.of(p.path()).toAbsolutePath().normalize().equals(review)) {
                    throw new RenderException(RenderException.Kind.USAGE, s.reviewFile() + ": the review file and "
                            + "an output would write the same file");
                }
            }
        }
        Path log = s.faces().log();
        if (log != null) {
            try {
                inputs.checkOutput(log);
            } catch (InputFiles.InputOverwriteException e) {
                throw new RenderException(RenderException.Kind.USAGE, e.getMessage(), e);
            }
            Path normal = log.toAbsolutePath().normalize();
            for (PassSpec p : s.passes()) {
                Path out = Path.of(p.path()).toAbsolutePath().normalize();
                boolean same;
                if (p.kind().isSequence()) {
                    FramePattern pattern = FramePattern.parse(out);
                    java.util.OptionalLong n = pattern.numberOf(String.valueOf(normal.getFileName()));
                    same = normal.getParent().equals(pattern.folder().toAbsolutePath().normalize()) && n.isPresent()
                            && n.getAsLong() >= plan.first() && n.getAsLong() <= plan.last();
                } else {
                    same = out.equals(normal);
                }
                if (same) {
                    throw new RenderException(RenderException.Kind.USAGE, log + ": the face records and the output "
                            + p.path() + " would write the same file");
                }
            }
        }
    }

    /**
     * Refuses a pass that would write over what is read: {@code inputs}, and the source {@code input} (a movie, or
     * every frame of the sequence present, not just the range); also two passes writing one file.
     */
    static void refuseWritingOverInputs(InputFiles inputs, Path input, List<PassSpec> passes, long first, long last)
            throws RenderException {
        try {
            for (Path f : FrameSource.filesOf(input)) {
                inputs.file(f);
            }
            java.util.Map<Path, PassSpec> firstFiles = new java.util.HashMap<>();
            for (PassSpec p : passes) {
                Path out = Path.of(p.path());
                Path firstFile = (p.kind().isSequence() ? FramePattern.parse(out).path(first) : out)
                        .toAbsolutePath().normalize();
                PassSpec twin = firstFiles.putIfAbsent(firstFile, p);
                if (twin != null) {
                    throw new RenderException(RenderException.Kind.USAGE, p.path() + ": two outputs write the same "
                            + "file (" + twin.path() + ")");
                }
                if (p.kind().isSequence()) {
                    FramePattern pattern = FramePattern.parse(out);
                    for (long n = first; n <= last; n++) {
                        inputs.checkOutput(pattern.path(n));
                    }
                } else {
                    inputs.checkOutput(out);
                }
            }
        } catch (InputFiles.InputOverwriteException e) {
            throw new RenderException(RenderException.Kind.USAGE, e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new RenderException(RenderException.Kind.INPUT, oneLine(e), e);
        }
    }

    /** Opens the input for the frames the render reads (pre-roll included), so that only those are listed. */
    private static FrameSource open(RenderSettings s) throws RenderException {
        Long from = s.first() == null ? null : s.first() - s.preroll();
        try {
            return FrameSource.open(s.input(), SourceOptions.DEFAULT.withFrames(from, s.last())
                    .withStartFrame(s.timing().startFrame()));
        } catch (MediaException e) {
            throw new RenderException(RenderException.Kind.INPUT, e.getMessage(), e);
        }
    }

    /** Works the render out; {@code passes} null: before the outputs are opened (nothing counts as done yet). */
    private Job prepare(RenderSettings s, FrameSource src, List<MattePass> passes) throws RenderException {
        long srcFirst = src.firstFrameNumber();
        long srcLast = src.lastFrameNumber();
        if (src.frameCount() <= 0) {
            throw new RenderException(RenderException.Kind.INPUT, src.path() + ": no frames");
        }
        long first = s.first() != null ? s.first() : srcFirst;
        long last = s.last() != null ? s.last() : srcLast;
        if (first > last) {
            throw new RenderException(RenderException.Kind.USAGE, "frames " + first + "-" + last + ": the first frame "
                    + "is after the last");
        }
        if (first < srcFirst || last > srcLast) {
            throw new RenderException(RenderException.Kind.INPUT, src.path() + ": frames " + first + "-" + last
                    + " are outside the source's " + srcFirst + "-" + srcLast);
        }
        long networkFirst = Math.max(srcFirst, first - s.preroll());
        float ratio = s.ratio() != null ? s.ratio() : model.recommendedRatio(src.height(), src.width());
        int wh = ModelContract.workingSize(src.height(), ratio);
        int ww = ModelContract.workingSize(src.width(), ratio);
        if (wh < 4 || ww < 4) {
            throw new RenderException(RenderException.Kind.INPUT, src.path() + ": " + src.width() + "x" + src.height()
                    + " is too small for the network at ratio " + ratio + " (needs a working image of at least 4x4)");
        }
        ResumeIndex index = passes != null && s.resume() ? ResumeIndex.scan(passes, first, last)
                : ResumeIndex.none(s.passes().size(), first, last);
        int toWrite = 0;
        for (long n = first; n <= last; n++) {
            if (s.selected(n) && index.needed(n)) {
                toWrite++;
            }
        }
        int depth = queueDepth(src.width(), src.height(), Runtime.getRuntime().maxMemory());
        if (depth == 0) {
            throw new RenderException(RenderException.Kind.INPUT, tooBig(src));
        }
        Timing t = s.timing();
        FrameRate rate = t.fps() != null ? t.fps() : src.frameRate();
        Timecode tc = t.timecode() != null ? t.timecode() : src.timecode().orElse(null);
        if (tc != null) {
            try {
                tc.toFrames(rate);
            } catch (IllegalArgumentException e) {
                throw new RenderException(RenderException.Kind.USAGE, "timecode " + tc + " at " + rate + " fps: "
                        + e.getMessage());
            }
        }
        boolean assumed = t.fps() == null && FrameSource.sequenceOf(s.input()).isPresent()
                && !src.timecode().isPresent() && rate.equals(SourceOptions.DEFAULT.sequenceFrameRate())
                && !src.format().startsWith("exr");
        String frames = s.selection() != null ? s.selection().toString() : first + "-" + last;
        return new Job(new RenderPlan(src.path().toString(), src.width(), src.height(), rate, tc, networkFirst, first,
                last, ratio, ww, wh, s.passes(), toWrite, model.metadata().get(ModelContract.META_NAME),
                model.provider().provider(), srcFirst, frames, assumed, colorText(s, src)), index, depth);
    }

    /** The input's colour space for the plan: the one asked for, or what {@code auto} takes this source for. */
    static String colorText(RenderSettings s, FrameSource src) {
        org.facemat.media.ColorSpace c = s.colorSpace();
        org.facemat.media.ColorSpace r = c.resolve(src.sceneLinear());
        return c == org.facemat.media.ColorSpace.AUTO ? "auto: " + r.describe() : r.describe();
    }

    private List<MattePass> openPasses(RenderSettings s, FrameSource src, RenderPlan plan)
            throws RenderException {
        long first = plan.first();
        long last = plan.last();
        List<MattePass> passes = new ArrayList<>();
        String modelName = model.metadata().getOrDefault(ModelContract.META_NAME, "?");
        AudioRange audio = audioRange(s, src, plan);
        try {
            for (PassSpec p : s.passes()) {
                checkWritable(Path.of(p.path()));
                StaleTemporaries.sweep(p, first, last);
                switch (p.kind()) {
                    case EXR -> passes.add(new ExrPass(p, plan.rate(), modelName, src.width(), src.height(),
                            s.colorSpace(), s.alpha()));
                    case PNG, TIFF -> passes.add(new SequencePass(p, src.width(), src.height()));
                    default -> passes.add(new MoviePass(p, plan.rate(), src.width(), src.height(), s.gapFill(),
                            audio, s.colorSpace(), s.alpha()));
                }
            }
            return passes;
        } catch (IOException | RuntimeException e) {
            for (MattePass p : passes) {
                p.close();
            }
            if (e instanceof RuntimeException r && !(r instanceof IllegalArgumentException)) {
                throw r;
            }
            throw new RenderException(RenderException.Kind.OUTPUT, oneLine(e), e);
        }
    }

    /**
     * The input's audio over the rendered range, for movie outputs: only from a movie, over a continuous range, at
     * the movie's own rate (a changed rate would put the sound out of sync); null otherwise or with no audio asked.
     */
    private static AudioRange audioRange(RenderSettings s, FrameSource src, RenderPlan plan) throws RenderException {
        boolean movies = s.passes().stream().anyMatch(p -> !p.kind().isSequence());
        if (!s.audio() || !movies || FrameSource.sequenceOf(s.input()).isPresent() || s.selection() != null
                || !plan.rate().equals(src.frameRate()) || src.variableFrameRate()) {
            return null;
        }
        try {
            double start = src.presentationTime(plan.first());
            return new AudioRange(s.input(), start, plan.rate().secondsAt(plan.last() - plan.first() + 1));
        } catch (MediaException e) {
            throw new RenderException(RenderException.Kind.INPUT, e.getMessage(), e);
        }
    }

    /** Fails early, with the folder's name, when an output folder cannot be created or written. */
    static void checkWritable(Path output) throws IOException {
        Path dir = output.toAbsolutePath().getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new IOException(existing + ": not a folder (a file is in the way), cannot write " + output);
        }
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".facemat-write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException(dir + ": output folder is not writable (" + oneLine(e) + ")", e);
        }
    }

    private record Decoded(long n, Frame frame, String error) {
    }

    private record Matted(long n, Frame frame, MattePlanes matte, String error, FaceLog.Frame faces) {
    }

    private static final Decoded END = new Decoded(Long.MIN_VALUE, null, null);
    private static final Matted DONE = new Matted(Long.MIN_VALUE, null, null, null, null);

    /**
     * How many frames may wait between two stages for frames of this size in this JVM's heap: {@link #QUEUE}, fewer
     * for very large frames, or 0 when even one frame in flight per stage does not fit.
     */
    static int queueDepth(int width, int height, long maxHeap) {
        long px = (long) width * height;
        long perFrame = px * (12 + 8); // the plate as float RGB, the matte and the uncertainty
        long fixed = px * 32; // the decoder's frame, the network's input and output buffers, the writers' buffers
        for (int q = QUEUE; q >= 1; q--) {
            if (fixed + (2L * q + 3) * perFrame <= maxHeap * 0.8) {
                return q;
            }
        }
        return 0;
    }

    /** The heap a render of frames this size needs at the least, in bytes. */
    public static long heapNeeded(int width, int height) {
        long px = (long) width * height;
        return (long) ((px * 32 + 5 * px * 20) / 0.8);
    }

    /** The heap in which a render of frames this size keeps its full queue between stages ({@link #QUEUE}), bytes. */
    public static long heapWanted(int width, int height) {
        long px = (long) width * height;
        return (long) Math.ceil((px * 32 + (2L * QUEUE + 3) * px * 20) / 0.8);
    }

    private RenderSummary run(RenderSettings s, FrameSource src, Job job, List<MattePass> passes,
                              RenderListener listener, long t0) throws RenderException {
        RenderPlan plan = job.plan();
        int depth = job.queueDepth();
        BlockingQueue<Decoded> decoded = new ArrayBlockingQueue<>(depth);
        BlockingQueue<Matted> matted = new ArrayBlockingQueue<>(depth);
        AtomicReference<RenderException> failure = new AtomicReference<>();
        FramePool pool = new FramePool();
        ResumeIndex index = job.index();
        // on a resume, frames after the last one still needed need no network run (their state feeds nothing), unless
        // the face records are asked for: they cover every frame of the range
        long stop = plan.last();
        while (s.faces().log() == null && stop >= plan.first() && !index.needed(stop)) {
            stop--;
        }
        if (stop < plan.first()) {
            return new RenderSummary(0, 0, List.of(), (System.nanoTime() - t0) / 1e9);
        }
        long networkLast = stop;
        WriteStage writing = new WriteStage(s, plan, passes, index, pool, listener);
        MatteNode node;
        try {
            if (s.faces().log() != null) {
                writing.faceLog = new FaceLog(s.faces().log(), s.faces().landmarks());
            }
            node = node(s, plan, src);
        } catch (IOException e) {
            throw new RenderException(RenderException.Kind.OUTPUT, oneLine(e), e);
        } catch (RenderException e) {
            if (writing.faceLog != null) {
                writing.faceLog.close(); // not finished: its temporary file goes
            }
            throw e;
        }

        Thread decoder = new Thread(() -> decode(s, src, plan.networkFirst(), networkLast, pool, decoded, failure),
                "facemat-decode");
        ResumeIndex toWrite = index;
        Thread network = new Thread(() -> infer(s, plan, toWrite, node, pool, decoded, matted, failure),
                "facemat-network");
        decoder.setDaemon(true);
        network.setDaemon(true);
        decoder.start();
        network.start();

        Thread writer = new Thread(() -> writing.run(matted, failure), "facemat-write");
        writer.setDaemon(true);
        writer.start();
        try {
            writer.join();
        } catch (InterruptedException e) {
            // stopped from outside (Ctrl-C, SIGTERM): the stages are stopped and joined below, then the passes are
            // closed, which removes what was not finished; the flag is not set again so the joins do wait
            failure.set(new RenderException(RenderException.Kind.INTERRUPTED, "render interrupted"));
        } catch (OutOfMemoryError e) {
            failure.compareAndSet(null, new RenderException(RenderException.Kind.INPUT, tooBig(src)));
        } finally {
            writer.interrupt();
            decoder.interrupt();
            network.interrupt();
            join(writer);
            join(decoder);
            join(network);
        }
        try (FaceLog log = writing.faceLog) {
            if (writing.unexpected != null) {
                throw writing.unexpected;
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            if (log != null) {
                try {
                    log.finish();
                } catch (IOException e) {
                    throw new RenderException(RenderException.Kind.OUTPUT, oneLine(e), e);
                }
            }
            if (s.reviewFile() != null) {
                writeReview(s, job.plan(), writing.scores);
            }
        } finally {
            closeFaces(node);
        }
        return new RenderSummary(writing.written, writing.passed, writing.skipped, (System.nanoTime() - t0) / 1e9,
                writing.withoutFace, writing.tooSmall, writing.writeSeconds());
    }

    /**
     * Writes the shot's review scores beside its outputs. A resumed render keeps the scores of the frames an earlier
     * run wrote (they were not matted again), from the review file that run left.
     */
    private void writeReview(RenderSettings s, RenderPlan plan, List<FrameScore> scores) throws RenderException {
        Path file = s.reviewFile();
        Map<Long, FrameScore> byFrame = new TreeMap<>();
        if (s.resume() && Files.isRegularFile(file)) {
            try {
                for (FrameScore f : ReviewFile.read(file).frames()) {
                    byFrame.put(f.frame(), f);
                }
            } catch (IOException e) {
                // an unreadable earlier review is replaced by this run's scores
            }
        }
        for (FrameScore f : scores) {
            byFrame.put(f.frame(), f);
        }
        if (byFrame.isEmpty()) {
            return; // nothing was written: no review to give
        }
        String name = file.getFileName().toString();
        String shot = name.endsWith(".review.json") ? name.substring(0, name.length() - ".review.json".length()) : name;
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ratio", Float.toString(plan.ratio()));
        settings.put("preroll", s.preroll() == Integer.MAX_VALUE ? "all" : Integer.toString(s.preroll()));
        settings.put("faces", s.faces().align() ? "auto" : "off");
        settings.put("colorspace", s.colorSpace() == null ? "auto" : s.colorSpace().id());
        settings.put("frames", plan.first() + "-" + plan.last());
        try {
            String version = model.metadata().get(ModelContract.META_VERSION);
            ReviewFile.of(shot, plan.input(), plan.model() + (version == null ? "" : " " + version),
                    plan.rate().numerator() + "/" + plan.rate().denominator(),
                    settings, ReviewThreshold.DEFAULT, new ArrayList<>(byFrame.values())).write(file);
        } catch (IOException e) {
            throw new RenderException(RenderException.Kind.OUTPUT, oneLine(e), e);
        }
    }

    /** The node for this render: the face path with the shipped face models, or the whole frame. */
    private MatteNode node(RenderSettings s, RenderPlan plan, FrameSource src) throws RenderException {
        if (!s.faces().align()) {
            return new MatteNode(model, plan.ratio(), null, 24, s.colorSpace());
        }
        try {
            FaceTracker.Settings d = FaceTracker.Settings.DEFAULT;
            return new MatteNode(model, plan.ratio(), AlignedMatting.open(model, s.faces().models(),
                    new FaceTracker.Settings(d.maxGap(), d.minSide(), s.faces().rotate(), d.matchIou())),
                    src.frameRate().fps(), s.colorSpace());
        } catch (ModelLoadException e) {
            throw new RenderException(RenderException.Kind.MODEL, e.getMessage(), e);
        }
    }

    /** Closes the face models (the matting model belongs to the caller). */
    private static void closeFaces(MatteNode node) {
        if (node.alignsFaces()) {
            try {
                node.closeFaces();
            } catch (OrtException ignored) {
                // closing a session that ran: nothing to report
            }
        }
    }

    /** The last stage: writes matted frames to the passes and reports progress. */
    private static final class WriteStage {
        private final RenderSettings settings;
        private final RenderPlan plan;
        private final List<MattePass> passes;
        private final ResumeIndex index;
        private final FramePool pool;
        private final RenderListener listener;
        int written;
        int passed;
        int withoutFace;
        int tooSmall;
        FaceLog faceLog;
        final ReviewScorer scorer = new ReviewScorer();
        final List<FrameScore> scores = new ArrayList<>();
        RuntimeException unexpected;
        final List<Long> skipped = new ArrayList<>();

        private long writeStart;
        private long writeEnd;
        private long prerolled;
        private long prerollStart;

        WriteStage(RenderSettings settings, RenderPlan plan, List<MattePass> passes, ResumeIndex index, FramePool pool,
                   RenderListener listener) {
            this.settings = settings;
            this.plan = plan;
            this.passes = passes;
            this.index = index;
            this.pool = pool;
            this.listener = listener;
        }

        void run(BlockingQueue<Matted> matted, AtomicReference<RenderException> failure) {
            StagePriority.lowerCurrentThread();
            try {
                while (true) {
                    Matted m = matted.take();
                    if (m == DONE) {
                        break;
                    }
                    Timecode tc = plan.timecodeOf(m.n);
                    if (m.error != null) {
                        skipped.add(m.n);
                        listener.skipped(m.n, m.error);
                        if (m.n >= plan.first() && settings.selected(m.n)) {
                            for (int p = 0; p < passes.size(); p++) {
                                if (!index.complete(p, m.n)) {
                                    passes.get(p).gap(m.n, tc, settings.gapFill());
                                }
                            }
                        }
                        continue;
                    }
                    if (m.n < plan.first()) {
                        if (m.matte != null) {
                            scorer.score(m.n, tc, m.frame, m.matte); // the flicker term of the first frame needs it
                        }
                        passed++;
                        prerolled(m.n);
                        continue;
                    }
                    if (m.faces != null) {
                        withoutFace += m.faces.faces().isEmpty() ? 1 : 0;
                        tooSmall += m.faces.tooSmall();
                        if (faceLog != null) {
                            faceLog.write(m.faces, tc);
                        }
                    }
                    if (m.matte == null) {
                        passed++;
                        listener.passed(m.n);
                        continue;
                    }
                    FrameScore review = scorer.score(m.n, tc, m.frame, m.matte);
                    scores.add(review);
                    for (int p = 0; p < passes.size(); p++) {
                        if (!index.complete(p, m.n)) {
                            passes.get(p).write(m.frame, m.matte, tc, review);
                        }
                    }
                    if (written == 0) {
                        writeStart = System.nanoTime();
                    }
                    written++;
                    writeEnd = System.nanoTime();
                    double secs = (writeEnd - writeStart) / 1e9;
                    double fps = written > 1 && secs > 0 ? (written - 1) / secs : 0;
                    double eta = fps > 0 ? (plan.toWrite() - written) / fps : Double.NaN;
                    pool.release(m.frame);
                    listener.written(m.n, written, plan.toWrite(), fps, eta);
                }
            } catch (IOException e) {
                failure.compareAndSet(null, new RenderException(RenderException.Kind.OUTPUT, oneLine(e), e));
            } catch (InterruptedException e) {
                failure.compareAndSet(null, new RenderException(RenderException.Kind.OUTPUT, "render interrupted"));
            } catch (RuntimeException e) {
                unexpected = e; // rethrown on the caller's thread, as a bug, not as an output error
            }
        }

        /** A pre-roll frame went through: reported with its own count and ETA, so a farm monitor sees it move. */
        private void prerolled(long n) {
            long now = System.nanoTime();
            if (prerolled == 0) {
                prerollStart = now;
            }
            prerolled++;
            long total = plan.prerollFrames();
            double secs = (now - prerollStart) / 1e9;
            double fps = prerolled > 1 && secs > 0 ? (prerolled - 1) / secs : 0;
            double eta = fps > 0 ? (total - prerolled) / fps : Double.NaN;
            listener.prerolled(n, prerolled, total, fps, eta);
        }

        double writeSeconds() {
            return written > 1 ? (writeEnd - writeStart) / 1e9 : 0;
        }
    }

    /** Decodes frames {@code from..to} into {@code out}, then {@link #END}. */
    private static void decode(RenderSettings s, FrameSource src, long from, long to, FramePool pool,
                               BlockingQueue<Decoded> out,
                               AtomicReference<RenderException> failure) {
        StagePriority.lowerCurrentThread();
        try {
            boolean seek = true;
            for (long n = from; n <= to; n++) {
                Frame f;
                try {
                    f = seek ? src.read(n) : src.next();
                    seek = false;
                    if (f == null || f.number() != n) {
                        throw new MediaException(src.path(), "frame " + n + ": missing");
                    }
                } catch (MediaException e) {
                    if (s.onError() == RenderSettings.OnError.STOP) {
                        failure.compareAndSet(null, new RenderException(RenderException.Kind.INPUT, e.getMessage(), e));
                        break;
                    }
                    seek = true; // re-seek past the bad frame
                    out.put(new Decoded(n, null, e.getMessage()));
                    continue;
                }
                out.put(new Decoded(n, pool.copyOf(f), null));
            }
        } catch (InterruptedException e) {
            return;
        } catch (RuntimeException e) {
            failure.compareAndSet(null, new RenderException(RenderException.Kind.INPUT, src.path() + ": " + oneLine(e), e));
        } catch (OutOfMemoryError e) {
            failure.compareAndSet(null, new RenderException(RenderException.Kind.INPUT, tooBig(src)));
        }
        putQuietly(out, END);
    }

    private static void infer(RenderSettings s, RenderPlan plan, ResumeIndex index, MatteNode node, FramePool pool,
                              BlockingQueue<Decoded> in, BlockingQueue<Matted> out,
                              AtomicReference<RenderException> failure) {
        try {
            while (true) {
                Decoded d = in.take();
                if (d == END) {
                    break;
                }
                if (d.error != null) {
                    node.reset(); // the state does not carry over a frame the network never saw
                    out.put(new Matted(d.n, null, null, d.error, null));
                    continue;
                }
                MattePlanes m = node.process(d.frame);
                FaceLog.Frame faces = d.n >= plan.first() ? faceRecord(node, d.n) : null;
                boolean write = d.n >= plan.first() && s.selected(d.n) && index.needed(d.n);
                if (!write) {
                    pool.release(d.frame);
                }
                out.put(write ? new Matted(d.n, d.frame, m, null, faces) : new Matted(d.n, null, null, null, faces));
            }
        } catch (InterruptedException e) {
            return;
        } catch (OrtException | RuntimeException e) {
            failure.compareAndSet(null, new RenderException(RenderException.Kind.MODEL, "network failed: " + oneLine(e), e));
        } catch (OutOfMemoryError e) {
            failure.compareAndSet(null, new RenderException(RenderException.Kind.INPUT, plan.input() + ": "
                    + plan.width() + "x" + plan.height() + " frames: out of Java heap in the network (raise it with "
                    + "FACEMAT_JAVA_OPTS=-Xmx...)"));
        }
        putQuietly(out, DONE);
    }

    /** The faces of the frame the node just processed, for the log and the summary; null on the whole-frame path. */
    private static FaceLog.Frame faceRecord(MatteNode node, long n) {
        AlignedMatting.Result r = node.lastFaces();
        if (r == null) {
            return null;
        }
        List<FaceLog.Face> faces = new ArrayList<>();
        for (FaceTrack t : r.faces().tracks()) {
            faces.add(new FaceLog.Face(t.id(), t.landmarks().box(), t.crop(), r.cropSizes().getOrDefault(t.id(), 0),
                    t.unconfirmed(), t.landmarks()));
        }
        return new FaceLog.Frame(n, r.faces().cut(), r.faces().tooSmall(), faces);
    }

    private static <T> void putQuietly(BlockingQueue<T> q, T item) {
        try {
            q.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tooBig(FrameSource src) {
        long gb = (heapNeeded(src.width(), src.height()) + (1L << 30) - 1) >> 30;
        return src.path() + ": " + src.width() + "x" + src.height() + " frames need about " + gb + " GB of Java heap, "
                + "this one has " + String.format(java.util.Locale.ROOT, "%.1f", Runtime.getRuntime().maxMemory()
                / (double) (1L << 30)) + " GB (set FACEMAT_JAVA_OPTS=-Xmx" + gb + "g)";
    }

    static String oneLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
