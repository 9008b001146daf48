package org.facemat.train.finetune;

import ai.onnxruntime.OrtException;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.facemat.io.AtomicFile;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelContract;
import org.facemat.model.ModelLoadException;
import org.facemat.train.loop.RateSchedule;
import org.facemat.train.loop.StageRun;
import org.facemat.train.loop.TrainConfig;
import org.facemat.train.loop.Validation;

/**
 * Fine-tunes a model on a studio shot: stage 2 (UGKD) continued on crops of the shot's roto'd frames, the base model
 * as the starting student and as the EMA teacher, validated on the shot's held-out roto'd frames; the report gives
 * the held-out metrics of the base and of the fine-tuned model. A fine-tune that is worse than its base on the held-out
 * frames (higher unknown-band MSE) is not what the run gives: the base is kept, the fine-tuned file is renamed
 * {@value #REJECTED} so nobody picks it up as the result, and the report and the log say so.
 */
public final class FinetuneRun {

    /**
     * @param steps      optimiser steps
     * @param size       crop side in pixels
     * @param batch      crops per step
     * @param lrBackbone learning rate of the encoder
     * @param lrDecoder  learning rate of the rest
     * @param every      steps between checkpoints and validations
     */
    public record Settings(int steps, int size, int batch, float lrBackbone, float lrDecoder, float emaDecay, int every,
                           long seed) {
        public static Settings defaults() {
            return new Settings(150, 256, 2, 2e-5f, 5e-5f, 0.99f, 25, 1);
        }

        public Settings withSteps(int n) {
            return new Settings(n, size, batch, lrBackbone, lrDecoder, emaDecay, every, seed);
        }

        public Settings withSize(int s) {
            return new Settings(steps, s, batch, lrBackbone, lrDecoder, emaDecay, every, seed);
        }

        public Settings withEvery(int e) {
            return new Settings(steps, size, batch, lrBackbone, lrDecoder, emaDecay, e, seed);
        }
    }

    /** The fine-tuned model's name when it lost to its base on the held-out frames. */
    public static final String REJECTED = "final-rejected.onnx";

    /**
     * Held-out metrics of the base ({@code before}) and of the fine-tuned model ({@code after}), and the model the run
     * gives: the fine-tuned one, or the base when the fine-tune made the held-out frames worse.
     */
    public record Report(Validation before, Validation after, Path model, boolean keptBase) {
        /** The held-out metrics of the model the run gives. */
        public Validation result() {
            return keptBase ? before : after;
        }
    }

    private final List<RotoFrame> train;
    private final List<RotoFrame> heldOut;
    private final Path base;
    private final Path out;
    private final Settings settings;
    private final String shot;
    private final PrintWriter progress;

    public FinetuneRun(List<RotoFrame> train, List<RotoFrame> heldOut, Path base, Path out, Settings settings,
                       String shot, PrintWriter progress) {
        if (train.isEmpty() || heldOut.isEmpty()) {
            throw new IllegalArgumentException("fine-tuning needs roto'd frames to train on and at least one held out");
        }
        this.train = train;
        this.heldOut = heldOut;
        this.base = base;
        this.out = out;
        this.settings = settings;
        this.shot = shot;
        this.progress = progress;
    }

    public Report run(boolean resume) throws IOException, InterruptedException, OrtException {
        Map<String, String> baseMeta;
        try (FaceMatModel m = FaceMatModel.open(base)) {
            baseMeta = m.metadata();
        } catch (ModelLoadException e) {
            throw new IOException(e.getMessage(), e);
        }
        Validation.Validator validator = Validation.onFrames(heldOut);
        Validation before = validator.validate(base);
        progress.printf(Locale.ROOT, "finetune: base %s on %s: band MSE %.5f, IoU %.4f, Spearman %.3f%n", base,
                before.what(), before.bandMse(), before.iou(), before.spearman());
        Settings s = settings;
        TrainConfig cfg = new TrainConfig(TrainConfig.Stage.STUDENT, out, out, out, base, s.size(), 1, s.batch(), 0,
                s.steps(), s.lrBackbone(), s.lrDecoder(), 0.5f, 0.999f, s.emaDecay(), s.every(), s.every(),
                Math.min(heldOut.size(), TrainConfig.EVAL_COUNT), 1, s.seed(),
                baseMeta.getOrDefault(ModelContract.META_NAME, "facemat") + "-finetuned",
                baseMeta.getOrDefault(ModelContract.META_VERSION, "1") + "+" + shotTag(), null,
                RateSchedule.CONSTANT, org.facemat.net.PriorInputs.NONE, null, false, s.lrDecoder());
        String data = baseMeta.getOrDefault(ModelContract.META_DATA, "?") + "; fine-tuned on " + train.size()
                + " roto'd frames of " + shot;
        StageRun stage = new StageRun(cfg, true, out, base, base, s.steps(), new RotoSamples(train, s.size(), s.seed()),
                validator, cfg.name(), data, progress);
        if (!(resume && stage.finished())) {
            stage.run(resume);
        }
        Path finetuned = out.resolve(StageRun.FINAL);
        Path rejected = out.resolve(REJECTED);
        if (resume && !Files.exists(finetuned) && Files.isRegularFile(rejected)) {
            finetuned = rejected; // an earlier run already found it worse; measure it again to say so
        }
        Validation after = validator.validate(finetuned);
        progress.printf(Locale.ROOT, "finetune: fine-tuned %s: band MSE %.5f, IoU %.4f, Spearman %.3f%n", finetuned,
                after.bandMse(), after.iou(), after.spearman());
        boolean keepBase = after.bandMse() > before.bandMse();
        Path model = finetuned;
        if (keepBase) {
            if (!finetuned.equals(rejected)) {
                Files.move(finetuned, rejected, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            model = base;
            progress.printf(Locale.ROOT, "finetune: the fine-tune is worse than its base on the held-out frames (band "
                    + "MSE %.5f > %.5f): keeping the base model %s; the fine-tuned one is %s%n", after.bandMse(),
                    before.bandMse(), base, rejected);
        }
        writeReport(before, after, model, keepBase);
        return new Report(before, after, model, keepBase);
    }

    private String shotTag() {
        return shot.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private void writeReport(Validation before, Validation after, Path model, boolean keptBase) throws IOException {
        JsonObject report = new JsonObject();
        report.addProperty("shot", shot);
        report.addProperty("base", base.toString());
        report.addProperty("model", model.toString());
        report.addProperty("kept_base", keptBase);
        report.addProperty("train_frames", train.size());
        report.addProperty("held_out_frames", heldOut.size());
        report.add("before", json(before));
        report.add("after", json(after));
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().create();
        AtomicFile.writeString(out.resolve("finetune-report.json"), gson.toJson(report) + "\n");
    }

    private static JsonObject json(Validation v) {
        JsonObject o = new JsonObject();
        number(o, "band_mse", v.bandMse());
        number(o, "iou", v.iou());
        number(o, "spearman", v.spearman());
        number(o, "band_sad", v.bandSad());
        number(o, "full_mse", v.fullMse());
        return o;
    }

    /** JSON has no NaN: a metric that is not defined (no band, no variance) is null. */
    private static void number(JsonObject o, String key, double d) {
        if (Double.isFinite(d)) {
            o.addProperty(key, d);
        } else {
            o.add(key, JsonNull.INSTANCE);
        }
    }
}
