package org.facemat.train.synth;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.facemat.train.data.FaceClip;
import org.facemat.train.data.FaceSource;
import org.facemat.train.data.FaceStills;
import org.facemat.train.data.Images;
import org.facemat.train.data.OccluderSource;
import org.facemat.train.data.OccluderSources;
import org.facemat.train.data.TextureSource;
import org.facemat.train.data.SharedDataset;

/**
 * The fixed evaluation split. Eval-only, never used in training:
 * <ul>
 *   <li>clip frames from {@link #evalStart}: cap13 600-764, franck 4320-4799, any other clip its last 20%;</li>
 *   <li>the still {@code astronaut} (an identity seen nowhere else);</li>
 *   <li>occluders whose index (data row of occluders/index.csv, from 0) is a multiple of 10, and textures whose
 *       index (sorted relative path, from 0) is a multiple of 10.</li>
 * </ul>
 * A training sequence lies wholly before its clip's eval start. The eval composites are single frames made by
 * {@link Synthesizer} with {@link SynthConfig#evaluation(int)} and the seed {@link #EVAL_SEED}: placement k depends
 * only on k.
 */
public final class EvalSplit {
    public static final String RULE = "v1: eval-only = cap13 frames 600-764, franck frames 4320-4799, other clips "
            + "their last 20%, still astronaut, occluders and textures with index % 10 == 0";
    /** What each sample folder holds; part of the manifest key, so a folder in an older layout is regenerated. */
    public static final String LAYOUT = "2: NNNN_rgb.png, NNNN_gt.png, NNNN_trimap.png, NNNN_skin.png";
    public static final long EVAL_SEED = 20_261_121L;
    public static final Map<String, Integer> EVAL_START = Map.of("cap13", 600, "franck", 4320);
    public static final List<String> EVAL_STILLS = List.of("astronaut");

    private EvalSplit() {
    }

    /** The first eval-only frame of a clip of {@code frames} frames. */
    public static int evalStart(String clip, int frames) {
        Integer s = EVAL_START.get(clip);
        return s != null ? Math.min(s, frames) : (int) Math.floor(frames * 0.8);
    }

    public static boolean isEvalOccluder(int index) {
        return index % 10 == 0;
    }

    public static boolean isEvalTexture(int index) {
        return index % 10 == 0;
    }

    /** Whether item {@code index} of a face source is eval-only. */
    public static boolean isEvalItem(FaceSource src, int index) {
        if (src.isClip()) {
            return index >= evalStart(src.name(), src.size());
        }
        return EVAL_STILLS.contains(src.itemName(index));
    }

    public static SynthPool trainingPool(SharedDataset ds, int seqLen) {
        return pool(ds, seqLen, false);
    }

    public static SynthPool evalPool(SharedDataset ds, int seqLen) {
        return pool(ds, seqLen, true);
    }

    private static SynthPool pool(SharedDataset ds, int seqLen, boolean eval) {
        List<SynthPool.Faces> faces = new ArrayList<>();
        for (FaceClip c : ds.clips()) {
            int n = c.size();
            int[] starts = IntStream.rangeClosed(0, n - seqLen)
                    .filter(s -> IntStream.range(s, s + seqLen).allMatch(f -> isEvalItem(c, f) == eval)).toArray();
            faces.add(new SynthPool.Faces(c, starts));
        }
        FaceStills st = ds.stills();
        faces.add(new SynthPool.Faces(st, IntStream.range(0, st.size()).filter(i -> isEvalItem(st, i) == eval)
                .toArray()));
        int[] occ = IntStream.range(0, ds.occluders().size()).filter(i -> isEvalOccluder(i) == eval).toArray();
        int[] tex = ds.textures() == null ? new int[0]
                : IntStream.range(0, ds.textures().size()).filter(i -> isEvalTexture(i) == eval).toArray();
        return new SynthPool(faces, occ, tex);
    }

    /** The training synthesizer: the training pool with {@link SynthConfig#training(int)}. */
    public static Synthesizer trainingSynthesizer(SharedDataset ds, SynthConfig cfg, long seed) {
        return new Synthesizer(trainingPool(ds, cfg.seqLen()), ds.occluders(), ds.textures(), cfg, seed,
                SkinPatchSheet.in(ds.textures(), false));
    }

    /**
     * The training synthesizer over the shared data plus {@code extra}: the occluder and texture indices of the
     * extra sets follow the shared ones ({@link OccluderSources#concat}), so with no extra data this is exactly
     * {@link #trainingSynthesizer(SharedDataset, SynthConfig, long)}. Every face source, occluder set and texture
     * set weighs by its item count in the draw (face sources: each source the same, as for the shared data).
     */
    public static Synthesizer trainingSynthesizer(SharedDataset ds, ExtraData extra, SynthConfig cfg, long seed) {
        if (extra.isEmpty()) {
            return trainingSynthesizer(ds, cfg, seed);
        }
        SynthPool shared = trainingPool(ds, cfg.seqLen());
        List<SynthPool.Faces> faces = new ArrayList<>(shared.faces());
        for (FaceSource f : extra.faces()) {
            int[] starts = IntStream.rangeClosed(0, f.size() - (f.isClip() ? cfg.seqLen() : 1))
                    .filter(s -> IntStream.range(s, s + (f.isClip() ? cfg.seqLen() : 1)).noneMatch(f::isHeldOut))
                    .toArray();
            faces.add(new SynthPool.Faces(f, starts));
        }
        List<OccluderSource> occSets = new ArrayList<>();
        occSets.add(ds.occluders());
        occSets.addAll(extra.occluders());
        List<TextureSource> texSets = new ArrayList<>();
        if (ds.textures() != null) {
            texSets.add(ds.textures());
        }
        texSets.addAll(extra.textures());
        int[] occ = joinedTrainingIndices(shared.occluders(), ds.occluders().size(), extra.occluders().stream()
                .mapToInt(OccluderSource::size).toArray());
        int[] tex = joinedTrainingIndices(shared.textures(), ds.textures() == null ? 0 : ds.textures().size(),
                extra.textures().stream().mapToInt(TextureSource::size).toArray());
        return new Synthesizer(new SynthPool(faces, occ, tex), OccluderSources.concat(occSets),
                texSets.isEmpty() ? null : OccluderSources.concatTextures(texSets), cfg, seed,
                SkinPatchSheet.in(ds.textures(), false));
    }

    /** The shared training indices, then each extra set's indices (offset) whose own index is not a multiple of 10. */
    private static int[] joinedTrainingIndices(int[] shared, int sharedSize, int[] extraSizes) {
        IntStream all = IntStream.of(shared);
        int start = sharedSize;
        for (int n : extraSizes) {
            int s0 = start;
            all = IntStream.concat(all, IntStream.range(0, n).filter(i -> !isEvalOccluder(i)).map(i -> s0 + i));
            start += n;
        }
        return all.toArray();
    }

    public static Synthesizer evalSynthesizer(SharedDataset ds, int size) {
        SynthConfig cfg = SynthConfig.evaluation(size);
        return new Synthesizer(evalPool(ds, cfg.seqLen()), ds.occluders(), ds.textures(), cfg, EVAL_SEED);
    }

    /** Seed of the evaluation composites with hands, hair and glasses (not the fixed split's). */
    public static final long HANDS_EVAL_SEED = EVAL_SEED + 13;

    /**
     * Evaluation composites with the skin-coloured and worn occluders: the eval pool (held-out frames, the astronaut,
     * the held-out objects), hands and forearms painted from held-out faces of another identity or from the held-out
     * columns of the skin patch sheet, with {@link #HANDS_EVAL_SEED}. The fixed split ({@link #evalSynthesizer}) is
     * not this one and does not change.
     *
     * <p>{@code hand, forearm, hair, glasses}: the probability of each kind per sample, e.g. 0.5, 0.15, 0.3, 0.3.
     */
    public static Synthesizer handsEvalSynthesizer(SharedDataset ds, int size, double hand, double forearm,
            double hair, double glasses) {
        SynthConfig cfg = SynthConfig.evaluation(size).withKinds(SynthConfig.evaluation(size).occlusionProb(), hand,
                forearm, hair, glasses);
        return new Synthesizer(evalPool(ds, cfg.seqLen()), ds.occluders(), ds.textures(), cfg, HANDS_EVAL_SEED,
                SkinPatchSheet.in(ds.textures(), true));
    }

    /**
     * A synthesizer of held-out composites of one face of another source (an unseen person): only the held-out
     * occluders and textures, hands and forearms painted from the held-out columns of the skin patch sheet.
     *
     * @param seed the fixed split's {@link #EVAL_SEED} for the unseen split; a shot's own seed for a shot
     */
    public static Synthesizer heldOutSynthesizer(FaceSource face, SharedDataset ds, SynthConfig cfg, long seed) {
        int[] occ = IntStream.range(0, ds.occluders().size()).filter(EvalSplit::isEvalOccluder).toArray();
        int[] tex = ds.textures() == null ? new int[0]
                : IntStream.range(0, ds.textures().size()).filter(EvalSplit::isEvalTexture).toArray();
        SynthPool pool = new SynthPool(List.of(new SynthPool.Faces(face, new int[] {0})), occ, tex);
        return new Synthesizer(pool, ds.occluders(), ds.textures(), cfg, seed, SkinPatchSheet.in(ds.textures(), true));
    }

    /**
     * The eval composites on disk: {@code NNNN_rgb.png}, {@code NNNN_gt.png}, {@code NNNN_trimap.png} and
     * {@code NNNN_skin.png} (the cropped skin label before the occluder is subtracted; equal to the ground truth
     * when no occluder was pasted).
     */
    public record EvalSet(Path folder, int count, int size, JsonObject manifest, boolean reused) {
        public Path rgbFile(int k) {
            return folder.resolve(String.format("%04d_rgb.png", k));
        }

        public Path gtFile(int k) {
            return folder.resolve(String.format("%04d_gt.png", k));
        }

        public Path trimapFile(int k) {
            return folder.resolve(String.format("%04d_trimap.png", k));
        }

        public Path skinFile(int k) {
            return folder.resolve(String.format("%04d_skin.png", k));
        }

        /** Whether every file of sample {@code k} is there. */
        public boolean complete(int k) {
            return Files.isRegularFile(rgbFile(k)) && Files.isRegularFile(gtFile(k))
                    && Files.isRegularFile(trimapFile(k)) && Files.isRegularFile(skinFile(k));
        }

        /** Whether sample {@code k} got an occluder (from the manifest). */
        public boolean occluded(int k) {
            JsonArray s = manifest.getAsJsonArray("samples");
            if (s == null || k >= s.size()) {
                return false;
            }
            var o = s.get(k).getAsJsonObject().get("occluder");
            return o != null && !o.isJsonNull();
        }

        public float[] skin(int k) throws IOException {
            return Images.readGrey(skinFile(k), size, size);
        }

        public float[] gt(int k) throws IOException {
            return Images.readGrey(gtFile(k), size, size);
        }

        public float[] trimap(int k) throws IOException {
            return Images.readGrey(trimapFile(k), size, size);
        }

        public float[] rgb(int k) throws IOException {
            return Images.readRgb(Images.read(rgbFile(k)));
        }
    }

    /**
     * An eval set already on disk (written by {@link #ensure}), read from its manifest.json; no data set needed.
     *
     * @throws IOException when the folder has no readable manifest, the manifest is of another layout, or a file
     *     is missing
     */
    public static EvalSet open(Path folder) throws IOException {
        Path manifestFile = folder.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new IOException(folder + ": no manifest.json (not an eval split folder)");
        }
        JsonObject m;
        int count;
        int size;
        try {
            m = JsonParser.parseString(Files.readString(manifestFile, StandardCharsets.UTF_8)).getAsJsonObject();
            count = m.get("count").getAsInt();
            size = m.get("size").getAsInt();
        } catch (RuntimeException e) {
            throw new IOException(manifestFile + ": not an eval split manifest (" + e.getMessage() + ")", e);
        }
        if (m.get("layout") == null || !LAYOUT.equals(m.get("layout").getAsString())) {
            throw new IOException(folder + ": eval split of an older layout (no skin masks); make it again from "
                    + "the shared data");
        }
        EvalSet set = new EvalSet(folder, count, size, m, true);
        for (int k = 0; k < count; k++) {
            if (!set.complete(k)) {
                throw new IOException(folder + ": eval sample " + k + " is incomplete");
            }
        }
        return set;
    }

    /**
     * The eval set in {@code folder} (e.g. {@code split/eval}): reused when its manifest.json matches (rule, seed,
     * count, size, config and the data's item counts) and every file is there, otherwise generated anew (manifest
     * written last).
     */
    public static EvalSet ensure(SharedDataset ds, Path folder, int count, int size) throws IOException {
        Synthesizer synth = evalSynthesizer(ds, size);
        JsonObject key = new JsonObject();
        key.addProperty("rule", RULE);
        key.addProperty("layout", LAYOUT);
        key.addProperty("seed", EVAL_SEED);
        key.addProperty("count", count);
        key.addProperty("size", size);
        key.addProperty("config", synth.config().toString());
        StringBuilder data = new StringBuilder();
        for (FaceClip c : ds.clips()) {
            data.append(c.name()).append(':').append(c.size()).append(' ');
        }
        data.append("stills:").append(ds.stills().size()).append(" occluders:").append(ds.occluders().size())
                .append(" textures:").append(ds.textures() == null ? 0 : ds.textures().size());
        key.addProperty("data", data.toString());
        Path manifestFile = folder.resolve("manifest.json");
        if (Files.isRegularFile(manifestFile)) {
            try {
                JsonObject m = JsonParser.parseString(Files.readString(manifestFile, StandardCharsets.UTF_8))
                        .getAsJsonObject();
                boolean same = key.entrySet().stream().allMatch(e -> e.getValue().equals(m.get(e.getKey())));
                EvalSet set = new EvalSet(folder, count, size, m, true);
                boolean files = IntStream.range(0, count).allMatch(set::complete);
                if (same && files) {
                    return set;
                }
            } catch (RuntimeException e) {
                // unreadable manifest: generate again
            }
            Files.delete(manifestFile);
        }
        Files.createDirectories(folder);
        JsonArray samples = new JsonArray();
        for (int k = 0; k < count; k++) {
            Sample s = synth.sample(k);
            Images.writePng(Images.rgb(s.rgb()[0], size, size), folder.resolve(String.format("%04d_rgb.png", k)));
            Images.writePng(Images.grey(s.gt()[0], size, size), folder.resolve(String.format("%04d_gt.png", k)));
            Images.writePng(Images.grey(s.trimap()[0], size, size),
                    folder.resolve(String.format("%04d_trimap.png", k)));
            Images.writePng(Images.grey(s.skin()[0], size, size), folder.resolve(String.format("%04d_skin.png", k)));
            JsonObject o = new JsonObject();
            o.addProperty("index", k);
            o.addProperty("source", s.source());
            o.addProperty("occluder", s.occluder());
            samples.add(o);
        }
        JsonObject m = key.deepCopy();
        m.add("samples", samples);
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().create();
        org.facemat.io.AtomicFile.writeString(manifestFile, gson.toJson(m));
        return new EvalSet(folder, count, size, m, false);
    }
}
