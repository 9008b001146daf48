package org.facemat.train.loop;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * A training run as a JSON file (see docs/training.md). Paths in the file are relative to the file's folder. Unknown
 * keys are refused, so a misspelt setting cannot be silently ignored.
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
 */
public record TrainConfig(Stage stage, Path data, Path evalSplit, Path out, Path base, int size, int seqLen, int batch,
        int teacherSteps, int studentSteps, float lrBackbone, float lrDecoder, float beta1, float beta2, float emaDecay,
        int checkpointEvery, int validateEvery, int validateCount, int workers, long seed, String name,
        String version, ExtraSources extra, RateSchedule schedule) {

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
            "schedule", "warmup", "lrFloor");

    public TrainConfig {
        require(size >= 32 && size % 4 == 0, "size must be a multiple of 4, at least 32");
        require(seqLen >= 1 && batch >= 1, "seqLen and batch must be at least 1");
        require(teacherSteps >= 0 && studentSteps >= 0, "steps must not be negative");
        require(lrBackbone >= 0 && lrDecoder > 0, "learning rates must be positive");
        require(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "beta1 and beta2 must be in [0, 1)");
        require(emaDecay >= 0 && emaDecay <= 1, "emaDecay must be in [0, 1]");
        require(checkpointEvery >= 1 && validateEvery >= 1, "checkpointEvery and validateEvery must be at least 1");
        require(validateCount >= 1 && validateCount <= EVAL_COUNT, "validateCount must be in 1.." + EVAL_COUNT);
        require(workers >= 1, "workers must be at least 1");
        require(name != null && !name.isBlank() && version != null && !version.isBlank(), "name and version needed");
        extra = extra == null ? ExtraSources.NONE : extra;
        schedule = schedule == null ? RateSchedule.CONSTANT : schedule;
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
        }
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                throw new IOException(file + ": not a JSON object");
            }
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(file + ": not valid JSON (" + firstLine(e.getMessage()) + ")");
        }
        for (String k : o.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IOException(file + ": unknown setting \"" + k + "\"");
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
                    Stage.valueOf(str(o, "stage", "both").toUpperCase(Locale.ROOT)),
                    data, split, out, path(dir, o, "base", null),
                    num(o, "size", 192).intValue(), num(o, "seqLen", 4).intValue(), num(o, "batch", 2).intValue(),
                    num(o, "teacherSteps", 600).intValue(), num(o, "studentSteps", 600).intValue(),
                    num(o, "lrBackbone", 1e-4).floatValue(), num(o, "lrDecoder", 2e-4).floatValue(),
                    num(o, "beta1", 0.5).floatValue(), num(o, "beta2", 0.999).floatValue(),
                    num(o, "emaDecay", 0.999).floatValue(), num(o, "checkpointEvery", 25).intValue(),
                    num(o, "validateEvery", 50).intValue(), num(o, "validateCount", 48).intValue(),
                    num(o, "workers", 1).intValue(), num(o, "seed", 1).longValue(), str(o, "name", "facemat-face"),
                    str(o, "version", "1.0.0"), ExtraSources.parse(o.get("extra"), dir),
                    schedule(o));
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new IOException(file + ": " + firstLine(e.getMessage()));
        }
    }

    private static RateSchedule schedule(JsonObject o) {
        RateSchedule.Kind kind = RateSchedule.kindOf(str(o, "schedule", "constant"));
        if (kind == RateSchedule.Kind.CONSTANT) {
            if (o.has("warmup") || o.has("lrFloor")) {
                throw new IllegalArgumentException("\"warmup\" and \"lrFloor\" need \"schedule\": \"cosine\"");
            }
            return RateSchedule.CONSTANT;
        }
        return new RateSchedule(kind, num(o, "warmup", 0).intValue(), num(o, "lrFloor", 0).floatValue());
    }

    private static String str(JsonObject o, String key, String dflt) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : dflt;
    }

    private static Number num(JsonObject o, String key, Number dflt) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            return dflt;
        }
        JsonElement e = o.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a number");
        }
        return e.getAsNumber();
    }

    private static Path path(Path dir, JsonObject o, String key, Path dflt) {
        String s = str(o, key, null);
        return s == null ? dflt : dir.resolve(s).normalize();
    }

    private static String firstLine(String s) {
        String m = String.valueOf(s);
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    public TrainConfig withBase(Path b) {
        return new TrainConfig(stage, data, evalSplit, out, b, size, seqLen, batch, teacherSteps, studentSteps,
                lrBackbone, lrDecoder, beta1, beta2, emaDecay, checkpointEvery, validateEvery, validateCount, workers,
                seed, name, version, extra, schedule);
    }

    public TrainConfig withOut(Path o) {
        return new TrainConfig(stage, data, evalSplit, o, base, size, seqLen, batch, teacherSteps, studentSteps,
                lrBackbone, lrDecoder, beta1, beta2, emaDecay, checkpointEvery, validateEvery, validateCount, workers,
                seed, name, version, extra, schedule);
    }
}
