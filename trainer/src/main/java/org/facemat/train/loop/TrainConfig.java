package org.facemat.train.loop;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.facemat.io.StrictJson;
import org.facemat.net.PriorInputs;

/**
 * A training run as a JSON file (see docs/training.md). Paths in the file are relative to the file's folder. Unknown
 * keys, keys given twice, values of the wrong type (null included: a key is left out to take its default) and values
 * out of range are refused with one line naming the file and the key, so a misspelt setting cannot be silently ignored.
 *
 * @param stage           which stages to run
 * @param data            the shared data folder (faces/, occluders/, textures/)
 * @param evalSplit       the fixed evaluation split folder (made there from the data when missing)
 * @param out             where checkpoints, logs and models go
 * @param base            ONNX model the teacher starts from (null: the caller's default model)
 * @param size            training crop side, pixels
 * @param seqLen          frames per training sequence
 * @param batch           sequences per step
 * @param teacherSteps    stage 1 steps
 * @param studentSteps    stage 2 steps
 * @param lrBackbone      Adam learning rate of the MobileNetV3 encoder
 * @param lrDecoder       Adam learning rate of LR-ASPP, decoder and heads
 * @param beta1           Adam beta 1
 * @param beta2           Adam beta 2
 * @param emaDecay        stage 2: teacher = decay * teacher + (1 - decay) * student after each step
 * @param checkpointEvery steps between checkpoints
 * @param validateEvery   steps between validations on the fixed split
 * @param validateCount   samples of the fixed split used by validation
 * @param workers         synthesis threads
 * @param seed            synthesis seed
 * @param name            exported model name
 * @param version         exported model version
 * @param extra           datasets trained on besides the shared data
 * @param schedule        how the learning rates move over each stage
 * @param prior           where the trained network takes the landmark prior (docs/network.md): {@code true} in the
 *                        config = at the stem and in the decoder, {@code "stem"} = at the stem only (how facemat-face
 *                        2.0.0 was trained), {@code false} = as the base has it; a base that takes less is widened
 *                        with zero prior weights first
 * @param synth           what the config changes in the synthesis recipe
 * @param lrPrior         Adam learning rate of the landmark prior's input channel of the stem and of the decoder
 *                        stages (a network that takes the prior)
 * @param validateFaces   validate through the node's face path (detector, tracker, aligned crop and landmark prior),
 *                        as {@code facemat eval --faces auto} measures, rather than on the whole sample
 */
public record TrainConfig(Stage stage, Path data, Path evalSplit, Path out, Path base, int size, int seqLen, int batch,
        int teacherSteps, int studentSteps, float lrBackbone, float lrDecoder, float beta1, float beta2, float emaDecay,
        int checkpointEvery, int validateEvery, int validateCount, int workers, long seed, String name,
        String version, ExtraSources extra, RateSchedule schedule, PriorInputs prior, SynthSettings synth,
        boolean validateFaces, float lrPrior) {

    /** Which stages a run trains. */
    public enum Stage {
        TEACHER, STUDENT, BOTH;

        boolean teacher() {
            return this != STUDENT;
        }

        boolean student() {
            return this != TEACHER;
        }
    }

    /** Size of the fixed evaluation split's images (the split every evaluation uses). */
    public static final int EVAL_SIZE = 256;
    /** Samples in the fixed evaluation split. */
    public static final int EVAL_COUNT = 200;

    private static final Set<String> KEYS = Set.of("stage", "data", "evalSplit", "out", "base", "size", "seqLen",
            "batch", "teacherSteps", "studentSteps", "lrBackbone", "lrDecoder", "beta1", "beta2", "emaDecay",
            "checkpointEvery", "validateEvery", "validateCount", "workers", "seed", "name", "version", "extra",
            "schedule", "warmup", "lrFloor", "prior", "variation", "skinOccluders", "priorJitter", "priorDropout",
            "validateFaces", "lrPrior");

    public TrainConfig {
        require(size >= 32 && size % 4 == 0, "size must be a multiple of 4, at least 32");
        require(seqLen >= 1 && batch >= 1, "seqLen and batch must be at least 1");
        require(teacherSteps >= 0 && studentSteps >= 0, "steps must not be negative");
        require(lrBackbone >= 0 && lrDecoder > 0 && lrPrior >= 0, "learning rates must be positive");
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)");
        require(emaDecay >= 0 && emaDecay <= 1, "emaDecay must be in [0, 1]");
        require(checkpointEvery >= 1 && validateEvery >= 1, "checkpointEvery and validateEvery must be at least 1");
        require(validateCount >= 1 && validateCount <= EVAL_COUNT, "validateCount must be in 1.." + EVAL_COUNT);
        require(workers >= 1, "workers must be at least 1");
        require(name != null && !name.isBlank() && version != null && !version.isBlank(), "name and version needed");
        extra = extra == null ? ExtraSources.NONE : extra;
        schedule = schedule == null ? RateSchedule.CONSTANT : schedule;
        synth = synth == null ? SynthSettings.DEFAULT : synth;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Reads a config file; every problem is one line naming the file. */
    public static TrainConfig read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": config file not found");
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text");
        }
        JsonObject o;
        try {
            o = StrictJson.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
        for (String k : o.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IOException(file + ": unknown setting " + StrictJson.show(k));
            }
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        try {
            Path data = path(dir, o, "data", null);
            if (data == null) {
                throw new IllegalArgumentException("\"data\" (the training data folder) is required");
            }
            Path out = path(dir, o, "out", dir.resolve("runs/default"));
            // one fixed split beside the runs, shared by every run of the folder
            Path split = path(dir, o, "evalSplit", out.resolveSibling("eval-split"));
            return new TrainConfig(
                    Stage.valueOf(StrictJson.oneOf(o, "stage", "both", List.of("teacher", "student", "both"))
                            .toUpperCase(Locale.ROOT)),
                    data, split, out, path(dir, o, "base", null),
                    integer(o, "size", 192), integer(o, "seqLen", 4), integer(o, "batch", 2),
                    integer(o, "teacherSteps", 600), integer(o, "studentSteps", 600),
                    StrictJson.real(o, "lrBackbone", 1e-4f), StrictJson.real(o, "lrDecoder", 2e-4f),
                    StrictJson.real(o, "beta1", 0.5f), StrictJson.real(o, "beta2", 0.999f),
                    StrictJson.real(o, "emaDecay", 0.999f), integer(o, "checkpointEvery", 25),
                    integer(o, "validateEvery", 50), integer(o, "validateCount", 48),
                    integer(o, "workers", 1), StrictJson.whole(o, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE),
                    StrictJson.string(o, "name", "facemat-face"), StrictJson.string(o, "version", "1.0.0"),
                    ExtraSources.parse(o.get("extra"), dir), schedule(o), prior(o),
                    SynthSettings.parse(o), StrictJson.bool(o, "validateFaces", false),
                    StrictJson.real(o, "lrPrior", 1e-3f));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + StrictJson.firstLine(e.getMessage()));
        }
    }

    /** {@code "prior"}: true (stem and decoder), "stem", or false (the default: the base as it is). */
    private static PriorInputs prior(JsonObject o) {
        com.google.gson.JsonElement e = o.get("prior");
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            if (e.getAsString().equals("stem")) {
                return PriorInputs.STEM;
            }
            throw new IllegalArgumentException("\"prior\" must be true, false or \"stem\", not "
                    + StrictJson.show(e.getAsString()));
        }
        return StrictJson.bool(o, "prior", false) ? PriorInputs.STEM_AND_DECODER : PriorInputs.NONE;
    }

    /** Whether the network is made to take the landmark prior (at the stem, and in the decoder unless "stem"). */
    public boolean takesPrior() {
        return prior != PriorInputs.NONE;
    }

    private static RateSchedule schedule(JsonObject o) {
        RateSchedule.Kind kind = RateSchedule.kindOf(StrictJson.oneOf(o, "schedule", "constant",
                List.of("constant", "cosine")));
        if (kind == RateSchedule.Kind.CONSTANT) {
            if (o.has("warmup") || o.has("lrFloor")) {
                throw new IllegalArgumentException("\"warmup\" and \"lrFloor\" need \"schedule\": \"cosine\"");
            }
            return RateSchedule.CONSTANT;
        }
        return new RateSchedule(kind, integer(o, "warmup", 0), StrictJson.real(o, "lrFloor", 0f));
    }

    /** A whole number that fits an int; the record's checks then say which range it must be in. */
    private static int integer(JsonObject o, String key, int dflt) {
        return (int) StrictJson.whole(o, key, dflt, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A path relative to the config's folder. */
    static Path path(Path dir, JsonObject o, String key, Path dflt) {
        String s = StrictJson.string(o, key, null);
        if (s == null) {
            return dflt;
        }
        return resolve(dir, s, StrictJson.show(key));
    }

    static Path resolve(Path dir, String s, String what) {
        if (s.isBlank()) {
            throw new IllegalArgumentException(what + " must name a path, not \"\"");
        }
        try {
            return dir.resolve(s).normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(what + " is not a file path: " + StrictJson.show(s) + " ("
                    + e.getReason() + ")");
        }
    }

    public TrainConfig withBase(Path b) {
        return new TrainConfig(stage, data, evalSplit, out, b, size, seqLen, batch, teacherSteps, studentSteps,
                lrBackbone, lrDecoder, beta1, beta2, emaDecay, checkpointEvery, validateEvery, validateCount, workers,
                seed, name, version, extra, schedule, prior, synth, validateFaces, lrPrior);
    }

    public TrainConfig withOut(Path o) {
        return new TrainConfig(stage, data, evalSplit, o, base, size, seqLen, batch, teacherSteps, studentSteps,
                lrBackbone, lrDecoder, beta1, beta2, emaDecay, checkpointEvery, validateEvery, validateCount, workers,
                seed, name, version, extra, schedule, prior, synth, validateFaces, lrPrior);
    }
}
