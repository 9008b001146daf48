package org.facemat.train.unseen;

import ai.onnxruntime.OrtException;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import org.facemat.io.AtomicFile;
import org.facemat.media.FrameRate;
import org.facemat.media.out.PlateWriter;
import org.facemat.train.data.Images;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.synth.EvalSplit;
import org.facemat.train.synth.Sample;
import org.facemat.train.synth.SynthConfig;

/**
 * A studio shot of a person in no training data, made from one still (docs/training.md, "Fine-tuning on a person the
 * model never saw"): the still labelled as the unseen split labels it, then one synthesized sequence with camera
 * drift and a held-out occluder moving over the face on every frame. The movie is the footage; the ground truth of
 * every {@link #ROTO_EVERY}-th frame is the roto folder {@code facemat finetune --mattes} reads.
 */
public final class UnseenShot {
    public static final String MOVIE = "shot.mp4";
    public static final String MANIFEST = "shot.json";
    /** Roto on frames 0, 10, 20, ...: movie frames count from 0, as {@code StudioShot} numbers them. */
    public static final int ROTO_EVERY = 10;
    public static final int FPS = 25;
    /**
     * Per-frame occluder step (fraction of the frame side): larger than the evaluation's 0.012 so that over a
     * hundred frames the occluder crosses a good part of the face instead of trembling in place.
     */
    public static final double DRIFT_SHIFT = 0.02;

    private final SharedDataset data;
    private final int size;
    private final int frames;
    private final long seed;

    public UnseenShot(SharedDataset data, int size, int frames, long seed) {
        if (size < 16 || frames < 1) {
            throw new IllegalArgumentException("size >= 16 and frames >= 1 required");
        }
        this.data = data;
        this.size = size;
        this.frames = frames;
        this.seed = seed;
    }

    /** What was written. */
    public record Result(String identity, int frames, int rotoFrames, String occluder) {
    }

    /**
     * Labels the picture's first face and synthesizes the shot's frames.
     *
     * @throws IOException with one line naming the picture when it is unreadable, shows a training identity, or
     *     has no usable face
     */
    public Sample synthesize(Path picture, FaceLabeller labeller) throws IOException, OrtException {
        String stem = picture.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        String why = UnseenCatalog.excluded(stem).orElse("");
        if (why.startsWith("training identity")) {
            throw new IOException(picture + ": " + why);
        }
        var im = Images.read(picture);
        int w = im.getWidth();
        int h = im.getHeight();
        float[] rgb = Images.readRgb(im);
        FaceLabeller.Labels l = labeller.label(rgb, h, w);
        if (l.faces().isEmpty()) {
            throw new IOException(picture + ": no face found" + (l.rejected().isEmpty() ? ""
                    : " (mesh flag below " + FaceLabeller.MIN_FLAG + ")"));
        }
        LabelledPicture p = LabelledPicture.of(picture, stem, w, h, rgb, l);
        Sample s = EvalSplit.heldOutSynthesizer(OneFace.of(p, 0), data, config(), seed).sample(0);
        if (max(s.skin()[0]) < 0.5f) {
            throw new IOException(picture + ": the face has no skin label (the person matte is empty there)");
        }
        return s;
    }

    /** The evaluation recipe as a sequence: every frame occluded (held-out occluders only), the occluder moving. */
    private SynthConfig config() {
        return SynthConfig.evaluation(size).withSeqLen(frames).withOcclusionProb(1).withDriftShift(DRIFT_SHIFT);
    }

    /** Writes the movie, {@code gt/} (every frame), {@code roto/} (every 10th) and the manifest (last) into out. */
    public Result write(Sample s, Path picture, Path out) throws IOException {
        ShotFolder.prepare(out);
        int roto = 0;
        for (int t = 0; t < s.frames(); t++) {
            var gt = Images.grey(s.gt()[t], size, size);
            String name = ShotFolder.frameName(t);
            SplitFiles.png(gt, out.resolve(ShotFolder.GT).resolve(name));
            if (t % ROTO_EVERY == 0) {
                SplitFiles.png(gt, out.resolve(ShotFolder.ROTO).resolve(name));
                roto++;
            }
        }
        try (PlateWriter movie = new PlateWriter(out.resolve(MOVIE), size, size, FrameRate.of(FPS))) {
            for (float[] rgb : s.rgb()) {
                movie.write(rgb);
            }
            movie.finish();
        }
        String stem = picture.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        Result r = new Result(UnseenCatalog.identity(stem), s.frames(), roto, s.occluder());
        AtomicFile.writeString(out.resolve(MANIFEST), manifest(r, picture));
        return r;
    }

    private String manifest(Result r, Path picture) {
        JsonObject m = new JsonObject();
        m.addProperty("picture", picture.getFileName().toString());
        m.addProperty("identity", r.identity());
        m.addProperty("movie", MOVIE);
        m.addProperty("frames", r.frames());
        m.addProperty("size", size);
        m.addProperty("fps", FPS);
        m.addProperty("seed", seed);
        m.addProperty("occluder", r.occluder());
        m.addProperty("drift_shift", DRIFT_SHIFT);
        m.addProperty("roto", ShotFolder.ROTO + "/shot.NNNN.png, frames 0, " + ROTO_EVERY + ", ... (from 0, as the "
                + "movie's decoded frames)");
        m.addProperty("gt", ShotFolder.GT + "/shot.NNNN.png, every frame");
        m.addProperty("labels", "skin = face-oval ring x person matte (the unseen split's recipe); "
                + "gt = skin x (1 - occluder alpha)");
        return new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(m);
    }

    private static float max(float[] v) {
        float m = 0;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
