package org.facemat.train.eval;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facemat.face.FaceTracker;
import org.facemat.media.Frame;
import org.facemat.metrics.UncertaintyMetrics;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelLoadException;
import org.facemat.node.AlignedMatting;
import org.facemat.node.MatteNode;
import org.facemat.review.FrameScore;
import org.facemat.review.ReviewScorer;
import org.facemat.review.ReviewThreshold;
import org.facemat.train.data.FaceClip;
import org.facemat.train.data.FaceSample;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.synth.EvalSplit;
import org.facemat.train.synth.Sample;
import org.facemat.train.synth.SynthConfig;
import org.facemat.train.synth.Synthesizer;

/**
 * Does the review score mean something? Sequences with ground truth are matted as a render mattes them (the face path,
 * frames in order, the recurrent state carried), each frame is scored by the render's {@link ReviewScorer} and its
 * true error measured against the ground truth: the held-out frames of the two shared clips (cap13 600-764, franck
 * 4320-4799) and synthetic clips composited from the held-out evaluation pool (moving occluders). Reports, per set and
 * pooled, the Spearman correlation of the score with the true per-frame error and how many of the 10% worst frames
 * the threshold flags.
 */
public final class ReviewScoreEvaluation {
    /** One scored frame of a shot (a clip, or one synthetic clip) and its true error (mean squared alpha error). */
    public record Scored(String set, String shot, FrameScore score, double mse) {
    }

    /** One set's figures. */
    public record Figures(String set, int frames, double spearman, double spearmanUncertainty, double spearmanFlicker,
                          double flaggedFraction, double worstTenthFlagged, double meanMse) {
    }

    private final FaceMatModel model;
    private final Path faceModels;

    public ReviewScoreEvaluation(FaceMatModel model, Path faceModels) {
        this.model = model;
        this.faceModels = faceModels;
    }

    /** Scores every frame of the sets: the two clips' held-out runs and {@code clips} synthetic clips. */
    public List<Scored> run(SharedDataset ds, int clips, int clipLength, int size, long seed) throws IOException,
            OrtException, ModelLoadException {
        List<Scored> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : EvalSplit.EVAL_START.entrySet()) {
            FaceClip clip = ds.clip(e.getKey());
            int first = e.getValue();
            int count = clip.size() - first;
            MatteNode node = node(25);
            ReviewScorer scorer = new ReviewScorer();
            try {
                long n = first;
                for (int i = 0; i < count; i += 40) {
                    for (FaceSample f : clip.readRun(first + i, Math.min(40, count - i))) {
                        out.add(score(e.getKey(), e.getKey(), node, scorer, n++, f.rgb(), f.skin(), f.width(),
                                f.height()));
                    }
                }
            } finally {
                node.closeFaces();
            }
        }
        SynthConfig cfg = SynthConfig.evaluation(size).withSeqLen(clipLength);
        Synthesizer synth = new Synthesizer(EvalSplit.evalPool(ds, cfg.seqLen()), ds.occluders(), ds.textures(), cfg,
                seed);
        MatteNode node = node(25);
        try {
            for (int c = 0; c < clips; c++) {
                Sample s = synth.sample(c);
                node.reset();
                ReviewScorer scorer = new ReviewScorer();
                for (int t = 0; t < s.frames(); t++) {
                    out.add(score("synthetic", "synthetic-" + c, node, scorer, t, s.rgb()[t], s.gt()[t], size, size));
                }
            }
        } finally {
            node.closeFaces();
        }
        return out;
    }

    private MatteNode node(double fps) throws ModelLoadException {
        return new MatteNode(model, null, AlignedMatting.open(model, faceModels, FaceTracker.Settings.DEFAULT), fps);
    }

    private static Scored score(String set, String shot, MatteNode node, ReviewScorer scorer, long n, float[] rgb, float[] gt,
                                int w, int h) throws OrtException {
        MattePlanes m = node.process(rgb, h, w, n);
        FrameScore fs = scorer.score(n, null, new Frame(n, w, h, rgb), m);
        double se = 0;
        for (int i = 0; i < gt.length; i++) {
            double d = m.alpha()[i] - gt[i];
            se += d * d;
        }
        return new Scored(set, shot, fs, se / gt.length);
    }

    /** The figures of each set and of all frames together, at {@code threshold}. */
    public static List<Figures> figures(List<Scored> all, double threshold) {
        Map<String, List<Scored>> sets = new LinkedHashMap<>();
        for (Scored s : all) {
            sets.computeIfAbsent(s.set(), k -> new ArrayList<>()).add(s);
        }
        sets.put("all", all);
        List<Figures> out = new ArrayList<>();
        for (Map.Entry<String, List<Scored>> e : sets.entrySet()) {
            out.add(figures(e.getKey(), e.getValue(), threshold));
        }
        return out;
    }

    private static double mean(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += x;
        }
        return v.length == 0 ? 0 : sum / v.length;
    }

    static Figures figures(String set, List<Scored> s, double threshold) {
        int n = s.size();
        // flagged as a render flags: each shot on its own (the spike rule compares a frame with its shot)
        Map<String, List<Integer>> shots = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            shots.computeIfAbsent(s.get(i).shot(), k -> new ArrayList<>()).add(i);
        }
        boolean[] flag = new boolean[n];
        for (List<Integer> idx : shots.values()) {
            boolean[] f = ReviewThreshold.flags(idx.stream().map(i -> s.get(i).score()).toList(), threshold);
            for (int k = 0; k < f.length; k++) {
                flag[idx.get(k)] = f[k];
            }
        }
        float[] score = new float[n];
        float[] unc = new float[n];
        float[] flick = new float[n];
        float[] mse = new float[n];
        for (int i = 0; i < n; i++) {
            score[i] = (float) s.get(i).score().score();
            unc[i] = (float) s.get(i).score().uncertainty();
            flick[i] = (float) s.get(i).score().flicker();
            mse[i] = (float) s.get(i).mse();
        }
        float[] sorted = mse.clone();
        Arrays.sort(sorted);
        int worst = Math.max(1, (int) Math.round(n * 0.1));
        float cut = sorted[n - worst];
        int worstFlagged = 0;
        int worstCount = 0;
        int flagged = 0;
        for (int i = 0; i < n; i++) {
            boolean f = flag[i];
            flagged += f ? 1 : 0;
            if (mse[i] >= cut) {
                worstCount++;
                worstFlagged += f ? 1 : 0;
            }
        }
        return new Figures(set, n, UncertaintyMetrics.spearman(score, mse), UncertaintyMetrics.spearman(unc, mse),
                UncertaintyMetrics.spearman(flick, mse), (double) flagged / n, (double) worstFlagged / worstCount,
                mean(mse));
    }
}
