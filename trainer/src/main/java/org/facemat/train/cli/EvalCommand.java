package org.facemat.train.cli;

import ai.onnxruntime.OrtException;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.facemat.cli.CliFailure;
import org.facemat.cli.DefaultModel;
import org.facemat.cli.ExitCode;
import org.facemat.io.AtomicFile;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelContract;
import org.facemat.model.ModelLoadException;
import org.facemat.review.ReviewThreshold;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.eval.EvalSheet;
import org.facemat.train.eval.FacePathMatter;
import org.facemat.train.eval.ReviewScoreEvaluation;
import org.facemat.train.eval.SplitEvaluation;
import org.facemat.train.synth.EvalSplit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code facemat eval}: runs a model (or a baseline) over the fixed evaluation split and reports the matte and
 * uncertainty metrics over the trimap unknown band and over the whole image. See docs/evaluation.md.
 */
@Command(name = "eval", description = "Measure a model (or a baseline) on the fixed evaluation split: matte metrics "
        + "over the trimap unknown band and the whole image, and the uncertainty metrics.")
final class EvalCommand implements Runnable {
    /** The baselines that need no model file. */
    enum Baseline {
        /** The eval sample's skin mask alone, no occluder subtracted. */
        SKIN_LABEL("skin-label"),
        /** The face path's landmark ovals as the matte: what the face front end alone knows. */
        LANDMARK_OVAL("landmark-oval");

        final String label;

        Baseline(String label) {
            this.label = label;
        }

        static Baseline parse(String s) {
            for (Baseline b : values()) {
                if (b.label.equals(s)) {
                    return b;
                }
            }
            throw new CliFailure(ExitCode.USAGE, "--baseline " + s + ": unknown (known: skin-label, landmark-oval)");
        }
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "<file.onnx>",
            description = "the model to measure: a file or a shipped model's name (default: the shipped default "
                    + "model, facemat-face)")
    Path model;

    @Option(names = "--baseline", paramLabel = "<name>",
            description = "measure a baseline instead of a model: landmark-oval (the face path's landmark ovals as "
                    + "the matte), skin-label (the skin pseudo-label without "
                    + "occluder removal)")
    String baseline;

    @Option(names = "--data", required = true, paramLabel = "<folder>",
            description = "an eval split folder (with manifest.json) or the shared data folder (faces/, occluders/)")
    Path data;

    @Option(names = "--split-dir", paramLabel = "<folder>",
            description = "where the split is made from the shared data (default <data>/../facemat-eval-split)")
    Path splitDir;

    @Option(names = "--count", paramLabel = "N",
            description = "eval samples (default 200 from shared data; all of a split folder)")
    Integer count;

    @Option(names = "--size", paramLabel = "S", description = "crop side in pixels (default 256; a split folder "
            + "keeps its own)")
    Integer size;

    @Option(names = "--ratio", defaultValue = "1", paramLabel = "r",
            description = "downsample ratio (default ${DEFAULT-VALUE}: the crops are small)")
    float ratio;

    @Option(names = "--passes", defaultValue = "1", paramLabel = "P",
            description = "run each still P times feeding the state back, measure the last (default "
                    + "${DEFAULT-VALUE}: one pass from a zero state)")
    int passes;

    @Option(names = "--faces", defaultValue = "off", paramLabel = "auto|off", description = "off: the network sees "
            + "each sample crop whole (default ${DEFAULT-VALUE}); auto: through the node's face path, as a render "
            + "with --faces auto (the face found, tracked, matted on its own crop, 0 elsewhere)")
    String faces;

    @Option(names = "--out", paramLabel = "<metrics.json>", description = "write the metrics as JSON")
    Path out;

    @Option(names = "--review-scores", description = "instead: does the render's per-frame review score follow the true "
            + "error? Mattes the held-out runs of the two shared clips and --count synthetic clips (default 24, of 16 "
            + "frames) as a render does and prints, per set, the Spearman correlation of score and error and the share "
            + "of the 10%% worst frames the default threshold flags (docs/review.md)")
    boolean reviewScores;

    @Option(names = "--review-seed", defaultValue = "20261222", paramLabel = "N", description = "with --review-scores: "
            + "the seed of the synthetic clips (default ${DEFAULT-VALUE}; the default threshold was set on it, "
            + "docs/review.md reports another seed too)")
    long reviewSeed;

    @Option(names = "--quiet", description = "no per-sample lines")
    boolean quiet;

    @Option(names = "--identities", split = ",", paramLabel = "<name>[,<name>...]",
            description = "measure only the samples of these people (as the by-identity lines name them, e.g. "
                    + "unseen/clooney); the others are skipped")
    java.util.List<String> only;

    @Option(names = "--sheet", description = "also write a PNG: per sample composite, ground truth, alpha, "
            + "uncertainty (x4), |error| (model only)")
    Path sheet;

    @Option(names = "--sheet-rows", description = "samples on the sheet, the first occluded and unoccluded ones "
            + "alternating (default: ${DEFAULT-VALUE})", defaultValue = "8")
    int sheetRows;

    @Option(names = "--sheet-worst", description = "the sheet shows the samples with the largest band MSE, worst "
            + "first, instead of the first ones")
    boolean sheetWorst;

    static final int DEFAULT_COUNT = 200;
    static final int DEFAULT_SIZE = 256;

    @Override
    public void run() {
        PrintWriter pw = spec.commandLine().getOut();
        if ((count != null && count < 1) || (size != null && size < 16) || passes < 1 || !(ratio > 0 && ratio <= 1)) {
            throw new CliFailure(ExitCode.USAGE, "--count must be >= 1, --size >= 16, --passes >= 1, --ratio in (0,1]");
        }
        Baseline base = baseline == null ? null : Baseline.parse(baseline);
        if (base != null && model != null) {
            throw new CliFailure(ExitCode.USAGE, "give either --model or --baseline, not both");
        }
        if (reviewScores) {
            reviewScores(DefaultModel.resolve(model).toAbsolutePath().normalize());
            return;
        }
        Path modelFile = null;
        if (base == Baseline.LANDMARK_OVAL) {
            modelFile = DefaultModel.path(); // the face path opens with a matting model; its matte is not used
        } else if (base == null) {
            modelFile = DefaultModel.resolve(model).toAbsolutePath().normalize();
            if (!Files.isRegularFile(modelFile)) {
                throw new CliFailure(ExitCode.MODEL_ERROR, modelFile + ": model file not found");
            }
        }
        EvalSplit.EvalSet set = split();
        int n = count != null ? count : set.count();
        java.util.function.IntPredicate include = k -> only == null || only.contains(identity(field(set, k, "source")));
        if (only != null && java.util.stream.IntStream.range(0, n).noneMatch(include)) {
            throw new CliFailure(ExitCode.USAGE, "--identities " + String.join(",", only) + ": no such person among the "
                    + n + " samples of " + set.folder());
        }
        int s = set.size();
        String what = base != null ? "baseline " + base.label : "model " + modelFile;
        pw.println("eval: " + what + " on " + set.folder() + " (" + n + " samples, " + s + "x" + s
                + (set.reused() ? "" : ", split made now") + ")");
        pw.flush();

        boolean alignFaces = switch (faces.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> true;
            case "off" -> false;
            default -> throw new CliFailure(ExitCode.USAGE, "bad --faces '" + faces + "' (auto or off)");
        };
        if (alignFaces && base == Baseline.SKIN_LABEL) {
            throw new CliFailure(ExitCode.USAGE, "--faces auto measures a model, not the skin-label baseline");
        }
        JsonArray samples = new JsonArray();
        StringBuilder identities = new StringBuilder();
        StringBuilder kinds = new StringBuilder();
        SplitEvaluation.Result r;
        try (FaceMatModel m = modelFile != null ? FaceMatModel.open(modelFile) : null) {
            if (m != null && (ModelContract.workingSize(s, ratio) < 4)) {
                throw new CliFailure(ExitCode.USAGE, "--ratio " + ratio + " is too small for " + s + "x" + s);
            }
            Map<String, SplitEvaluation.Totals> byIdentity = new TreeMap<>();
            Map<String, SplitEvaluation.Totals> byKind = new TreeMap<>();
            Map<Integer, Double> bandMse = new TreeMap<>();
            SplitEvaluation.SampleListener listener = (k, occluded, b, f) -> {
                bandMse.put(k, b.mse());
                String kind = field(set, k, "occluder_kind");
                if (kind != null) {
                    byKind.computeIfAbsent(kind, x -> new SplitEvaluation.Totals()).add(b, f);
                }
                byIdentity.computeIfAbsent(identity(field(set, k, "source")), x -> new SplitEvaluation.Totals())
                        .add(b, f);
                JsonObject sample = new JsonObject();
                sample.addProperty("index", k);
                sample.addProperty("source", field(set, k, "source"));
                sample.addProperty("occluder", field(set, k, "occluder"));
                sample.addProperty("occluder_kind", field(set, k, "occluder_kind"));
                sample.add("band", b.json());
                sample.add("full", f.json());
                samples.add(sample);
                if (!quiet) {
                    pw.printf(Locale.ROOT, "%4d %-9s band mse %.5f sad %.3f  full iou %.4f  spearman %s%n", k,
                            occluded ? "occluded" : "clear", b.mse(), b.sad(), f.iou(),
                            Double.isFinite(b.spearman()) ? String.format(Locale.ROOT, "%.3f", b.spearman()) : "-");
                    pw.flush();
                }
            };
            if (base == Baseline.LANDMARK_OVAL) {
                try (FacePathMatter ovals = FacePathMatter.landmarkOval(m, DefaultModel.folder())) {
                    r = SplitEvaluation.run(ovals, set, n, passes, include, listener);
                }
            } else if (alignFaces && m != null) {
                try (FacePathMatter faces = FacePathMatter.open(m, DefaultModel.folder())) {
                    r = SplitEvaluation.run(faces, set, n, passes, include, listener);
                    if (sheet != null) {
                        EvalSheet.write(faces, set, sheetSamples(set, n, bandMse), sheet);
                        pw.println("wrote " + sheet);
                    }
                }
            } else {
                r = SplitEvaluation.run(m, set, n, ratio, passes, include, listener);
            }
            for (var e : byIdentity.entrySet()) {
                identities.append(String.format(Locale.ROOT, "%s%s %d: %s / %s", identities.length() == 0 ? "" : ", ",
                        e.getKey(), e.getValue().band.frames(), num(e.getValue(), true), num(e.getValue(), false)));
            }
            for (var e : byKind.entrySet()) {
                kinds.append(String.format(Locale.ROOT, "%s%s %d: %s / %s", kinds.length() == 0 ? "" : ", ",
                        e.getKey(), e.getValue().band.frames(), num(e.getValue(), true), num(e.getValue(), false)));
            }
            if (sheet != null && m != null && base == null && !alignFaces) {
                EvalSheet.write(m, set, sheetSamples(set, n, bandMse), ratio, sheet);
                pw.println("wrote " + sheet);
            }
        } catch (ModelLoadException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, e.getMessage());
        } catch (OrtException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, modelFile + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
        }
        SplitEvaluation.Totals all = r.all();
        SplitEvaluation.Totals occ = r.occluded();
        SplitEvaluation.Totals clear = r.unoccluded();
        double secs = r.seconds();

        pw.println();
        pw.println("unknown band (mse, sad, grad, conn, spearman, ause over the band; the rest whole image):");
        pw.print(all.band.mean().toTable());
        pw.println();
        pw.println("whole image:");
        pw.print(all.full.mean().toTable());
        pw.printf(Locale.ROOT, "%nsubsets (band mse / full iou): occluded %d: %s / %s, unoccluded %d: %s / %s%n",
                occ.band.frames(), num(occ, true), num(occ, false), clear.band.frames(), num(clear, true),
                num(clear, false));
        pw.println("by identity (band mse / full iou): " + identities);
        if (kinds.length() > 0) {
            pw.println("by occluder kind (band mse / full iou): " + kinds);
        }
        pw.printf(Locale.ROOT, "%d samples in %.1f s%n", r.samples(), secs);

        if (out != null) {
            JsonObject j = new JsonObject();
            j.addProperty("what", base != null ? "baseline" : "model");
            j.addProperty("model", modelFile == null ? null : modelFile.toString());
            j.addProperty("baseline", base == null ? null : base.label);
            j.addProperty("split", set.folder().toAbsolutePath().normalize().toString());
            j.addProperty("rule", field(set.manifest().get("rule")));
            j.addProperty("count", r.samples());
            j.addProperty("size", s);
            j.addProperty("ratio", base != null ? null : ratio);
            j.addProperty("passes", base != null ? null : passes);
            j.add("mean", all.json());
            j.add("occluded", occ.json());
            j.add("unoccluded", clear.json());
            j.add("samples", samples);
            try {
                AtomicFile.writeString(out, new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(j)
                        + "\n");
            } catch (IOException e) {
                throw new CliFailure(ExitCode.OUTPUT_ERROR, out + ": cannot write (" + AtomicFile.describe(e) + ")");
            }
            pw.println("wrote " + out);
        }
    }

    /**
     * With {@code --sheet-worst} the measured samples by band MSE, worst first; else occluded and unoccluded samples in
     * turn, from the start of the split.
     */
    private int[] sheetSamples(EvalSplit.EvalSet set, int n, Map<Integer, Double> bandMse) {
        if (sheetWorst) {
            return bandMse.entrySet().stream().sorted(Map.Entry.<Integer, Double>comparingByValue().reversed())
                    .limit(Math.max(1, sheetRows)).mapToInt(Map.Entry::getKey).toArray();
        }
        java.util.List<Integer> occ = new java.util.ArrayList<>();
        java.util.List<Integer> clear = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
            (set.occluded(k) ? occ : clear).add(k);
        }
        int rows = Math.min(Math.max(1, sheetRows), n);
        int[] out = new int[rows];
        int o = 0;
        int c = 0;
        for (int r = 0; r < rows; r++) {
            boolean takeOccluded = (r % 2 == 0 && o < occ.size()) || c >= clear.size();
            out[r] = takeOccluded ? occ.get(o++) : clear.get(c++);
        }
        return out;
    }

    /** The split to measure: a split folder as it is, or the fixed split made (or reused) from the shared data. */
    private EvalSplit.EvalSet split() {
        try {
            if (Files.isRegularFile(data.resolve("manifest.json"))) {
                EvalSplit.EvalSet set = EvalSplit.open(data);
                if (size != null && size != set.size()) {
                    throw new CliFailure(ExitCode.USAGE, data + ": the split is " + set.size() + "x" + set.size()
                            + ", not --size " + size + " (give the shared data folder to make another)");
                }
                if (count != null && count > set.count()) {
                    throw new CliFailure(ExitCode.USAGE, data + ": the split has " + set.count()
                            + " samples, fewer than --count " + count);
                }
                return set;
            }
            if (Files.isDirectory(data.resolve("faces"))) {
                Path dir = splitDir != null ? splitDir
                        : data.toAbsolutePath().normalize().resolveSibling("facemat-eval-split");
                try (SharedDataset ds = SharedDataset.open(data)) {
                    return EvalSplit.ensure(ds, dir, count != null ? count : DEFAULT_COUNT,
                            size != null ? size : DEFAULT_SIZE);
                }
            }
        } catch (IOException e) {
            throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
        }
        throw new CliFailure(ExitCode.BAD_INPUT, data + ": neither an eval split folder (manifest.json) nor the "
                + "shared data folder (faces/)");
    }

    /**
     * The person a sample shows, from its source: {@code franck#004539} is franck, {@code stills/franck_00031} is
     * franck too, {@code stills/astronaut} the astronaut.
     */
    static String identity(String source) {
        if (source == null) {
            return "?";
        }
        String s = source.startsWith("stills/") ? source.substring(7) : source;
        int hash = s.indexOf('#');
        s = hash >= 0 ? s.substring(0, hash) : s;
        return s.replaceFirst("_\\d+$", "");
    }

    private static String field(EvalSplit.EvalSet set, int k, String key) {
        var samples = set.manifest().getAsJsonArray("samples");
        if (samples == null || k >= samples.size()) {
            return null;
        }
        return field(samples.get(k).getAsJsonObject().get(key));
    }

    private static String field(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static String num(SplitEvaluation.Totals t, boolean band) {
        if (t.band.frames() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.5f", band ? t.band.mean().mse() : t.full.mean().iou());
    }

    private void reviewScores(Path modelFile) {
        PrintWriter out = spec.commandLine().getOut();
        try (FaceMatModel m = FaceMatModel.open(modelFile)) {
            ReviewScoreEvaluation ev = new ReviewScoreEvaluation(m,
                    DefaultModel.folder());
            List<ReviewScoreEvaluation.Scored> scored =
                    ev.run(SharedDataset.open(data), count != null ? count : 24, 16,
                            size != null ? size : 256, reviewSeed);
            double t = ReviewThreshold.DEFAULT;
            out.println("model " + modelFile + ", threshold " + t);
            out.println("| set | frames | Spearman(score, MSE) | Spearman(uncertainty) | Spearman(flicker) | flagged "
                    + "| worst 10% flagged | mean MSE |");
            out.println("|---|---|---|---|---|---|---|---|");
            List<ReviewScoreEvaluation.Figures> figs =
                    ReviewScoreEvaluation.figures(scored, t);
            for (var f : figs) {
                out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.1f%% | %.1f%% | %.5f |%n",
                        f.set(), f.frames(), f.spearman(), f.spearmanUncertainty(), f.spearmanFlicker(),
                        100 * f.flaggedFraction(), 100 * f.worstTenthFlagged(), f.meanMse());
            }
            if (this.out != null) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("model", modelFile.toString());
                doc.put("threshold", t);
                doc.put("figures", figs);
                doc.put("frames", scored);
                AtomicFile.writeString(this.out, new GsonBuilder().setPrettyPrinting()
                        .serializeSpecialFloatingPointValues().create().toJson(doc) + "\n");
            }
        } catch (ModelLoadException e) {
            throw new CliFailure(ExitCode.MODEL_ERROR, e.getMessage());
        } catch (OrtException | IOException e) {
            throw new CliFailure(ExitCode.BAD_INPUT, e.getMessage());
        }
    }
}
