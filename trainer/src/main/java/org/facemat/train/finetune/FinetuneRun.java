package org.facemat.train.finetune;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * the held-out metrics of the base and of the fine-tuned model.
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

    /** Held-out metrics before and after, and the fine-tuned model. */
    public record Report(Validation before, Validation after, Path model) {
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
                RateSchedule.CONSTANT, false, null, false, s.lrDecoder());
        String data = baseMeta.getOrDefault(ModelContract.META_DATA, "?") + "; fine-tuned on " + train.size()
                + " roto'd frames of " + shot;
        StageRun stage = new StageRun(cfg, true, out, base, base, s.steps(), new RotoSamples(train, s.size(), s.seed()),
                validator, cfg.name(), data, progress);
        if (!(resume && stage.finished())) {
            stage.run(resume);
        }
        Path model = out.resolve(StageRun.FINAL);
        Validation after = validator.validate(model);
        progress.printf(Locale.ROOT, "finetune: fine-tuned %s: band MSE %.5f, IoU %.4f, Spearman %.3f%n", model,
                after.bandMse(), after.iou(), after.spearman());
        writeReport(before, after, model);
        return new Report(before, after, model);
    }

    private String shotTag() {
        return shot.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private void writeReport(Validation before, Validation after, Path model) throws IOException {
        String json = String.format(Locale.ROOT, "{\n  \"shot\": \"%s\",\n  \"base\": \"%s\",\n  \"model\": \"%s\",\n"
                + "  \"train_frames\": %d,\n  \"held_out_frames\": %d,\n  \"before\": %s,\n  \"after\": %s\n}\n",
                esc(shot), esc(base.toString()), esc(model.toString()), train.size(), heldOut.size(), json(before),
                json(after));
        AtomicFile af = new AtomicFile(out.resolve("finetune-report.json"));
        try {
            Files.writeString(af.temp(), json, StandardCharsets.UTF_8);
            af.commit();
        } catch (IOException e) {
            af.abort();
            throw e;
        }
    }

    private static String json(Validation v) {
        return String.format(Locale.ROOT, "{\"band_mse\": %s, \"iou\": %s, \"spearman\": %s, \"band_sad\": %s, "
                + "\"full_mse\": %s}", num(v.bandMse()), num(v.iou()), num(v.spearman()), num(v.bandSad()),
                num(v.fullMse()));
    }

    private static String num(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6f", d) : "null";
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
