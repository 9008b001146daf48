package org.facemat.train.loop;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.synth.EvalSplit;
import org.facemat.train.synth.ExtraData;
import org.facemat.train.synth.SampleSource;
import org.facemat.train.synth.SynthConfig;

/**
 * A training run as {@code facemat train} runs it: stage 1 (teacher) in {@code out/teacher}, then stage 2 (student)
 * in {@code out/student}, starting from and distilling the teacher's best model. The student's final model is the
 * run's product.
 */
public final class TrainingRun {
    private final TrainConfig cfg;
    private final PrintWriter progress;
    private final Path faceModels;

    /**
     * @param cfg      the run; its base must be set (the model stage 1 starts from, or stage 2's teacher when
     *                 only the student is trained)
     * @param progress where progress lines go
     */
    public TrainingRun(TrainConfig cfg, PrintWriter progress) {
        this(cfg, null, progress);
    }

    /**
     * @param faceModels the folder of the face detector and mesh models, needed when the config validates through
     *                   the face path ({@code validateFaces})
     */
    public TrainingRun(TrainConfig cfg, Path faceModels, PrintWriter progress) {
        if (cfg.base() == null) {
            throw new IllegalArgumentException("no base model given");
        }
        if (cfg.validateFaces() && faceModels == null) {
            throw new IllegalArgumentException("\"validateFaces\" needs the face models' folder");
        }
        this.cfg = cfg;
        this.faceModels = faceModels;
        this.progress = progress;
    }

    public Path teacherFolder() {
        return cfg.out().resolve("teacher");
    }

    public Path studentFolder() {
        return cfg.out().resolve("student");
    }

    /** The training synthesizer; the stages add different offsets to the seed, so they see different samples. */
    private SampleSource synthesizer(SharedDataset ds, ExtraData extra, long seedOffset) {
        return EvalSplit.trainingSynthesizer(ds, extra, cfg.synth().apply(SynthConfig.training(cfg.size()).withSeqLen(cfg.seqLen())),
                cfg.seed() + seedOffset);
    }

    /** An existing split folder with enough samples as it is; otherwise the fixed split, made once. */
    private EvalSplit.EvalSet split(SharedDataset ds) throws IOException {
        if (Files.isRegularFile(cfg.evalSplit().resolve("manifest.json"))) {
            EvalSplit.EvalSet set = EvalSplit.open(cfg.evalSplit());
            if (set.count() >= cfg.validateCount()) {
                return set;
            }
        }
        return EvalSplit.ensure(ds, cfg.evalSplit(), TrainConfig.EVAL_COUNT, TrainConfig.EVAL_SIZE);
    }

    /** Runs the configured stages; returns the model the run produced (the last stage's final.onnx). */
    public Path run(boolean resume) throws IOException, InterruptedException, OrtException {
        Files.createDirectories(cfg.out());
        ExtraData extra = cfg.extra().open();
        try (SharedDataset ds = SharedDataset.open(cfg.data())) {
            if (!extra.isEmpty()) {
                progress.printf(Locale.ROOT, "train: extra data: %d face sets, %d occluder sets, %d texture sets%n",
                        extra.faces().size(), extra.occluders().size(), extra.textures().size());
            }
            EvalSplit.EvalSet split = split(ds);
            progress.printf(Locale.ROOT, "train: data %s, fixed split %s (%d samples, %s), output %s%n", cfg.data(),
                    split.folder(), split.count(), split.reused() ? "reused" : "made now", cfg.out());
            Validation.Validator validator = cfg.validateFaces()
                    ? Validation.onSplitFaces(split, cfg.validateCount(), faceModels)
                    : Validation.onSplit(split, cfg.validateCount());
            Path product = null;
            if (cfg.stage().teacher()) {
                StageRun teacher = new StageRun(cfg, false, teacherFolder(), cfg.base(), null, cfg.teacherSteps(),
                        synthesizer(ds, extra, 0), validator, cfg.name() + "-teacher", TrainingData.SUMMARY, progress);
                if (teacher.finished() && resume) {
                    progress.println("teacher: finished earlier, " + teacherFolder().resolve(StageRun.FINAL));
                } else {
                    teacher.run(resume);
                }
                product = teacherFolder().resolve(StageRun.FINAL);
            }
            if (cfg.stage().student()) {
                Path from = cfg.stage().teacher() ? teacherFolder().resolve(StageRun.BEST) : cfg.base();
                StageRun student = new StageRun(cfg, true, studentFolder(), from, from, cfg.studentSteps(),
                        synthesizer(ds, extra, 1_000_003L), validator, cfg.name(), TrainingData.SUMMARY, progress);
                if (student.finished() && resume) {
                    progress.println("student: finished earlier, " + studentFolder().resolve(StageRun.FINAL));
                } else {
                    student.run(resume);
                }
                product = studentFolder().resolve(StageRun.FINAL);
            }
            return product;
        } finally {
            ExtraSources.close(extra);
        }
    }
}
