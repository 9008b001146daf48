package org.facemat.train.loop;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.onnxruntime.OrtException;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.facemat.model.file.ModelMetadata;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.PriorInputs;
import org.facemat.net.onnx.FaceMatOnnxExporter;
import org.facemat.net.weights.OnnxWeights;
import org.facemat.net.weights.WeightSet;
import org.facemat.train.loss.Ema;
import org.facemat.train.loss.LossTerms;
import org.facemat.train.loss.TeacherLoss;
import org.facemat.train.loss.UgkdLoss;
import org.facemat.train.net.FaceMatNetwork;
import org.facemat.train.synth.Sample;
import org.facemat.train.synth.SampleSource;
import org.facemat.train.synth.SynthLoader;

/**
 * One training stage in its folder: stage 1 trains the teacher with {@link TeacherLoss}; stage 2 trains the student
 * with {@link UgkdLoss} against the teacher's sigma and moves the teacher towards the student by EMA after each step.
 * Checkpoints are the ONNX model(s) plus the optimiser state, so any checkpoint renders as it is.
 */
public final class StageRun {
    public static final String CHECKPOINTS = "checkpoints";
    public static final String BEST = "best.onnx";
    public static final String FINAL = "final.onnx";
    public static final String METRICS = "metrics.jsonl";
    public static final String CURVE = "loss-curve.png";
    /** Checkpoints kept besides the best model: the newest ones. */
    static final int KEEP = 2;

    private final TrainConfig cfg;
    private final boolean student;
    private final Path dir;
    private final Path startFrom;
    private final Path teacherFrom;
    private final PrintWriter progress;
    private final int steps;
    private final SampleSource source;
    private final Validation.Validator validator;
    private final String modelName;
    private final String trainingData;

    /**
     * @param startFrom   model whose weights the trained network starts from
     * @param teacherFrom stage 2: the teacher's starting weights (null in stage 1)
     * @param steps       steps of this stage
     * @param source      training samples by index
     * @param validator   measures an exported model on held-out data
     */
    public StageRun(TrainConfig cfg, boolean student, Path dir, Path startFrom, Path teacherFrom, int steps,
             SampleSource source, Validation.Validator validator, String modelName, String trainingData,
             PrintWriter progress) {
        this.cfg = cfg;
        this.student = student;
        this.dir = dir;
        this.startFrom = startFrom;
        this.teacherFrom = teacherFrom;
        this.progress = progress;
        this.steps = steps;
        this.source = source;
        this.validator = validator;
        this.modelName = modelName;
        this.trainingData = trainingData;
    }

    String stageName() {
        return student ? "student" : "teacher";
    }

    Path bestModel() {
        return dir.resolve(BEST);
    }

    /** The final model is written and the newest checkpoint has all the configured steps. */
    public boolean finished() throws IOException {
        Checkpoint latest = Checkpoint.latest(dir.resolve(CHECKPOINTS));
        return Files.isRegularFile(dir.resolve(FINAL)) && latest != null && latest.step() >= steps;
    }

    /** Trains to the configured number of steps, from the newest checkpoint when {@code resume}. */
    public void run(boolean resume) throws IOException, InterruptedException, OrtException {
        Checkpoint latest = Checkpoint.latest(dir.resolve(CHECKPOINTS));
        if (latest != null && !resume) {
            throw new IOException(dir + ": holds checkpoints of an earlier run; give --resume to continue it, or "
                    + "another output folder");
        }
        Files.createDirectories(dir);
        Engine.getInstance().setRandomSeed((int) cfg.seed());
        try (Model model = Model.newInstance("facemat-" + stageName());
             NDManager teacherManager = NDManager.newBaseManager()) {
            WeightSet start = withPriorIfAsked(OnnxWeights.read(latest != null ? latest.model() : startFrom));
            FaceMatNetwork net = FaceMatNetwork.create(model.getNDManager(), FaceMatArchitecture.priorInputs(start));
            model.setBlock(net);
            net.loadWeights(start);
            FaceMatNetwork teacher = null;
            ParameterStore teacherStore = null;
            if (student) {
                teacher = FaceMatNetwork.forWeights(teacherManager,
                        withPriorIfAsked(OnnxWeights.read(latest != null ? latest.teacher() : teacherFrom)));
                teacherStore = new ParameterStore(teacherManager, false);
            }
            Map<String, String> nameOfId = new HashMap<>();
            Map<String, Float> rateOfId = new HashMap<>();
            for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
                nameOfId.put(e.getValue().getId(), e.getKey());
                rateOfId.put(e.getValue().getId(), layerRate(e.getKey()));
            }
            ResumableAdam adam = new ResumableAdam(cfg.beta1(), cfg.beta2(), 1e-8f, nameOfId, rateOfId,
                    PriorRates.of(net.priorInputs(), this::layerRate, cfg.lrPrior()));
            long step = 0;
            double bestMse = Double.POSITIVE_INFINITY;
            long bestStep = -1;
            if (latest != null) {
                adam = latest.loadOptimiser(adam);
                step = latest.step();
                bestMse = latest.state().get("best_band_mse").getAsDouble();
                bestStep = latest.state().get("best_step").getAsLong();
                progress.printf(Locale.ROOT, "%s: resuming at step %d from %s%n", stageName(), step, latest.folder());
            }
            if (step >= steps) {
                finish(net, step, bestStep);
                return;
            }
            DefaultTrainingConfig tc = new DefaultTrainingConfig(Loss.l1Loss()).optOptimizer(adam);
            try (Trainer trainer = model.newTrainer(tc);
                 MetricsLog log = MetricsLog.open(dir.resolve(METRICS), step);
                 SynthLoader loader = new SynthLoader(source, step * cfg.batch(), cfg.workers(),
                         Math.max(2, cfg.batch() * 2))) {
                OrderedSamples samples = new OrderedSamples(loader, step * cfg.batch());
                Stepper stepper = new Stepper(trainer, net, teacher, teacherStore, adam);
                RateMeter meter = new RateMeter();
                while (step < steps) {
                    List<Sample> batch = new ArrayList<>(cfg.batch());
                    for (int b = 0; b < cfg.batch(); b++) {
                        batch.add(samples.take());
                    }
                    float rateFactor = cfg.schedule().factor(step, steps);
                    StepResult r = stepper.step(batch, rateFactor);
                    step++;
                    if (!Float.isFinite(r.total())) {
                        throw new IOException(stageName() + " step " + step + ": the loss is " + r.total()
                                + "; stopping (the last checkpoint is intact)");
                    }
                    logStep(log, step, r, rateFactor, meter.tick());
                    boolean last = step == steps;
                    if (step % cfg.validateEvery() == 0 || last) {
                        Validation v = validateAndRecord(net, step, bestMse, log);
                        if (v.bandMse() < bestMse) {
                            bestMse = v.bandMse();
                            bestStep = step;
                        }
                    }
                    if (step % cfg.checkpointEvery() == 0 || last) {
                        Checkpoint.save(dir.resolve(CHECKPOINTS), step, net, student ? teacher : null, adam,
                                metadata(step), bestMse, bestStep, KEEP);
                    }
                }
            }
            finish(net, step, bestStep);
        }
    }

    /** One optimiser step's loss: the total, its terms, and how many of the batch's sequences are occluded. */
    private record StepResult(float total, Map<String, Float> terms, int occluded) {
    }

    /**
     * One optimiser step: the batch's sequences through the student frame by frame (states fed back), the stage's
     * loss against the ground truth (stage 1) or the teacher's uncertainty (stage 2), backward, Adam at the schedule's
     * factor, then the EMA teacher moved towards the student.
     */
    private final class Stepper {
        private final Trainer trainer;
        private final FaceMatNetwork net;
        private final FaceMatNetwork teacher;
        private final ParameterStore teacherStore;
        private final ResumableAdam adam;
        private final TeacherLoss teacherLoss = new TeacherLoss();
        private final UgkdLoss ugkd = new UgkdLoss();

        Stepper(Trainer trainer, FaceMatNetwork net, FaceMatNetwork teacher, ParameterStore teacherStore,
                ResumableAdam adam) {
            this.trainer = trainer;
            this.net = net;
            this.teacher = teacher;
            this.teacherStore = teacherStore;
            this.adam = adam;
        }

        StepResult step(List<Sample> batch, float rateFactor) {
            Map<String, Float> terms;
            float total;
            int occluded;
            try (NDManager m = trainer.getManager().newSubManager()) {
                SequenceBatch sb = new SequenceBatch(batch, m);
                occluded = sb.occluded();
                NDArray sigmaTeacher = student ? teacherSigma(teacher, teacherStore, sb) : null;
                Gradients.zero(net);
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDList states = null;
                    List<NDArray> alphas = new ArrayList<>();
                    List<NDArray> sigmas = new ArrayList<>();
                    for (int t = 0; t < sb.frames; t++) {
                        NDList out = trainer.forward(inputs(sb.rgb(t), states,
                                net.takesPrior() ? sb.prior(t) : null));
                        alphas.add(out.get(FaceMatNetwork.OUT_ALPHA));
                        sigmas.add(out.get(FaceMatNetwork.OUT_SIGMA));
                        states = new NDList(out.subList(FaceMatNetwork.OUT_FIRST_STATE,
                                FaceMatNetwork.OUT_FIRST_STATE + 4));
                    }
                    NDArray alpha = NDArrays.stack(new NDList(alphas), 1);
                    NDArray sigma = NDArrays.stack(new NDList(sigmas), 1);
                    LossTerms lt = student
                            ? ugkd.compute(frames(alpha), frames(sigma), frames(sb.gt()), frames(sigmaTeacher))
                            : teacherLoss.compute(alpha, sigma, sb.gt(), sb.trimap());
                    gc.backward(lt.total());
                    terms = lt.values();
                    total = lt.total().getFloat();
                }
                adam.setRateFactor(rateFactor);
                trainer.step();
                sb.release();
            }
            if (student) {
                Ema.update(teacher, net, cfg.emaDecay());
            }
            return new StepResult(total, terms, occluded);
        }
    }

    /** One line of {@link #METRICS} and of the progress for a step. */
    private void logStep(MetricsLog log, long step, StepResult r, float rateFactor, double rate) throws IOException {
        JsonObject line = new JsonObject();
        line.addProperty("kind", "step");
        line.addProperty("stage", stageName());
        line.addProperty("step", step);
        line.addProperty("loss", r.total());
        r.terms().forEach(line::addProperty);
        line.addProperty("occluded", r.occluded());
        line.addProperty("lr_factor", rateFactor);
        line.addProperty("steps_per_s", rate);
        log.append(line);
        progress.printf(Locale.ROOT, "%s step %d/%d  loss %.5f  %s  %.3f steps/s  ETA %s%n", stageName(),
                step, steps, r.total(), brief(r.terms()), rate, eta(steps - step, rate));
    }

    /**
     * Measures the network, logs the result, keeps the exported model as {@link #BEST} when its band MSE beats
     * {@code bestMse}, redraws the loss curve.
     */
    private Validation validateAndRecord(FaceMatNetwork net, long step, double bestMse, MetricsLog log)
            throws IOException, OrtException {
        Validation r = validate(net, step);
        boolean better = r.bandMse() < bestMse;
        JsonObject v = new JsonObject();
        v.addProperty("kind", "validation");
        v.addProperty("stage", stageName());
        v.addProperty("step", step);
        v.addProperty("samples", r.samples());
        v.addProperty("band_mse", r.bandMse());
        v.addProperty("iou", r.iou());
        v.addProperty("spearman", r.spearman());
        v.addProperty("band_sad", r.bandSad());
        v.addProperty("full_mse", r.fullMse());
        v.addProperty("best", better);
        log.append(v);
        progress.printf(Locale.ROOT, "%s validation at step %d: band MSE %.5f, IoU %.4f, Spearman %.3f%s%n",
                stageName(), step, r.bandMse(), r.iou(), r.spearman(), better ? " (best so far)" : "");
        if (better) {
            Files.move(dir.resolve("validation.onnx"), dir.resolve(BEST), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.deleteIfExists(dir.resolve("validation.onnx"));
        }
        LossCurvePlot.write(MetricsLog.read(log.file()), "FaceMat " + stageName() + " (" + cfg.size() + " px crops, "
                + cfg.seqLen() + " frames, batch " + cfg.batch() + ")", dir.resolve(CURVE));
        return r;
    }

    /** The final model: the best validated weights, with the run's facts in the metadata. */
    private void finish(FaceMatNetwork net, long step, long bestStep) throws IOException {
        Path best = dir.resolve(BEST);
        if (!Files.isRegularFile(best)) {
            FaceMatOnnxExporter.export(net.exportWeights(), metadata(step), best);
        }
        Map<String, String> facts = new LinkedHashMap<>(trainingFacts(step));
        facts.put("best_step", Long.toString(bestStep));
        for (var o : MetricsLog.read(dir.resolve(METRICS))) {
            if ("validation".equals(o.get("kind").getAsString()) && o.get("step").getAsLong() == bestStep) {
                facts.put("validation", String.format(Locale.ROOT, "band MSE %.5f, IoU %.4f, Spearman %.3f on %d "
                        + "held-out samples", o.get("band_mse").getAsDouble(), o.get("iou").getAsDouble(),
                        o.get("spearman").getAsDouble(), o.get("samples").getAsInt()));
            }
        }
        ModelMetadata md = ModelMetadata.of(modelName, cfg.version(), trainingData).withTrainingFacts(facts);
        FaceMatOnnxExporter.export(OnnxWeights.read(best), md, dir.resolve(FINAL));
        progress.printf(Locale.ROOT, "%s: wrote %s (weights of step %d)%n", stageName(), dir.resolve(FINAL), bestStep);
    }

    private ModelMetadata metadata(long step) {
        return ModelMetadata.of(modelName, cfg.version(), trainingData).withTrainingFacts(trainingFacts(step));
    }

    private Map<String, String> trainingFacts(long step) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("stage", stageName());
        f.put("steps", Long.toString(step));
        f.put("recipe", String.format(Locale.ROOT, "%d px crops, %d-frame sequences, batch %d, Adam lr %.1e/%.1e "
                + "(%s) betas %.3f/%.3f%s, seed %d", cfg.size(), cfg.seqLen(), cfg.batch(), cfg.lrBackbone(),
                cfg.lrDecoder(), cfg.schedule().describe(), cfg.beta1(), cfg.beta2(), student
                ? String.format(Locale.ROOT, ", EMA %.4f", cfg.emaDecay()) : "", cfg.seed()));
        return f;
    }

    private Validation validate(FaceMatNetwork net, long step) throws IOException, OrtException {
        Path tmp = dir.resolve("validation.onnx");
        FaceMatOnnxExporter.export(net.exportWeights(), metadata(step), tmp);
        return validator.validate(tmp);
    }

    /**
     * Sets every gradient to zero before a step. PyTorch adds each backward pass to the gradients; DJL's collector
     * clears only arrays it tracks, which does not include weights loaded into the network, so without this the
     * gradients of all earlier steps would be summed into each update (and a resumed run would differ).
     */
    private static NDArray teacherSigma(FaceMatNetwork teacher, ParameterStore store, SequenceBatch sb) {
        NDList states = null;
        List<NDArray> sig = new ArrayList<>();
        for (int t = 0; t < sb.frames; t++) {
            var out = teacher.run(store, inputs(sb.rgb(t), states, teacher.takesPrior() ? sb.prior(t) : null),
                    false);
            sig.add(out.sigma().stopGradient());
            states = out.states();
        }
        return NDArrays.stack(new NDList(sig), 1);
    }

    /** The learning rate of a parameter: the encoder's or the decoder's (and heads'). */
    private float layerRate(String name) {
        return name.startsWith("backbone.") ? cfg.lrBackbone() : cfg.lrDecoder();
    }

    /**
     * The weights to train: with the landmark prior at the stem and in the decoder when the config asks for it (a
     * model without it, or with the stem's only, is widened with zero prior weights, so it starts from what it
     * computed before), else as read.
     */
    private WeightSet withPriorIfAsked(WeightSet w) {
        return cfg.takesPrior() ? FaceMatArchitecture.widenedTo(w, cfg.prior()) : w;
    }

    /**
     * src and src_sm (the crop is the working image: ratio 1), the state after the first frame, and for a network
     * that takes it the sample's landmark prior at that size (TrainingPrior).
     */
    private static NDList inputs(NDArray rgb, NDList states, NDArray prior) {
        NDList in = new NDList(rgb, rgb);
        if (states != null) {
            in.addAll(states);
        }
        if (prior != null) {
            in.add(prior);
        }
        return in;
    }

    /** [B,T,1,H,W] as [B*T,1,H,W]. */
    private static NDArray frames(NDArray x) {
        var s = x.getShape();
        return x.reshape(s.get(0) * s.get(1), s.get(2), s.get(3), s.get(4));
    }

    private static String brief(Map<String, Float> terms) {
        StringBuilder b = new StringBuilder("(");
        terms.entrySet().stream().filter(e -> !e.getKey().equals("total")).forEach(e -> b.append(b.length() > 1 ? " " : "").append(e.getKey()).append(' ')
                .append(String.format(Locale.ROOT, "%.4f", e.getValue())));
        return b.append(')').toString();
    }

    static String eta(long remaining, double rate) {
        if (!(rate > 0)) {
            return "-";
        }
        long s = Math.round(remaining / rate);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /** Steps per second over the last few steps. */
    private static final class RateMeter {
        private final long[] times = new long[10];
        private int n = 1;

        RateMeter() {
            times[0] = System.nanoTime();
        }

        double tick() {
            long now = System.nanoTime();
            times[n % times.length] = now;
            n++;
            if (n < 2) {
                return 0;
            }
            int span = Math.min(n, times.length) - 1;
            long oldest = times[(n - 1 - span) % times.length];
            return span / ((now - oldest) / 1e9);
        }
    }
}
