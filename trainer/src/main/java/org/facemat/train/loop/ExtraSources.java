package org.facemat.train.loop;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.facemat.io.StrictJson;
import org.facemat.train.data.AlphaOccluderSet;
import org.facemat.train.data.CelebAMaskHq;
import org.facemat.train.data.FaceSource;
import org.facemat.train.data.HandMaskSet;
import org.facemat.train.data.OccluderSource;
import org.facemat.train.data.StudioShot;
import org.facemat.train.data.TextureFolder;
import org.facemat.train.data.TextureSource;
import org.facemat.train.synth.ExtraData;

/**
 * Datasets a run trains on besides the shared data (the config's {@code "extra"} object): CelebAMask-HQ, occluder sets
 * with alpha (AM-2k/SIMD style), hand image + mask sets (HIU style), texture folders (DTD style) and studio shots with
 * roto mattes. The fixed evaluation split never uses them.
 */
public record ExtraSources(Path celebAMaskHq, List<Path> alphaOccluders, List<Path> hands, List<Path> textures,
                           List<Path[]> studioShots) {
    public static final ExtraSources NONE = new ExtraSources(null, List.of(), List.of(), List.of(), List.of());
    private static final Set<String> KEYS = Set.of("celebAMaskHq", "alphaOccluders", "hands", "textures",
            "studioShots");

    public boolean isEmpty() {
        return celebAMaskHq == null && alphaOccluders.isEmpty() && hands.isEmpty() && textures.isEmpty()
                && studioShots.isEmpty();
    }

    static ExtraSources parse(JsonElement e, Path dir) {
        if (e == null) {
            return NONE;
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("\"extra\" must be an object, not " + StrictJson.show(e));
        }
        JsonObject o = e.getAsJsonObject();
        for (String k : o.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown setting " + StrictJson.show("extra." + k));
            }
        }
        Path celeb = null;
        if (o.has("celebAMaskHq")) {
            JsonElement c = o.get("celebAMaskHq");
            if (!c.isJsonPrimitive() || !c.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException("\"extra.celebAMaskHq\" must be a folder path, not "
                        + StrictJson.show(c));
            }
            celeb = TrainConfig.resolve(dir, c.getAsString(), "\"extra.celebAMaskHq\"");
        }
        List<Path[]> shots = new ArrayList<>();
        int n = 0;
        for (JsonElement s : array(o, "studioShots")) {
            n++;
            String what = "\"extra.studioShots\" item " + n;
            if (!s.isJsonObject()) {
                throw new IllegalArgumentException(what + " must be an object with \"footage\" and \"mattes\", not "
                        + StrictJson.show(s));
            }
            JsonObject so = s.getAsJsonObject();
            for (String k : so.keySet()) {
                if (!k.equals("footage") && !k.equals("mattes")) {
                    throw new IllegalArgumentException(what + ": unknown setting " + StrictJson.show(k));
                }
            }
            if (!so.has("footage") || !so.has("mattes")) {
                throw new IllegalArgumentException("each of \"extra.studioShots\" needs \"footage\" and \"mattes\"");
            }
            try {
                shots.add(new Path[] {TrainConfig.path(dir, so, "footage", null),
                    TrainConfig.path(dir, so, "mattes", null)});
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(what + ": " + x.getMessage());
            }
        }
        return new ExtraSources(celeb, paths(o, "alphaOccluders", dir), paths(o, "hands", dir),
                paths(o, "textures", dir), shots);
    }

    private static JsonArray array(JsonObject o, String key) {
        if (!o.has(key)) {
            return new JsonArray();
        }
        if (!o.get(key).isJsonArray()) {
            throw new IllegalArgumentException("\"extra." + key + "\" must be a list, not " + StrictJson.show(o.get(key)));
        }
        return o.getAsJsonArray(key);
    }

    private static List<Path> paths(JsonObject o, String key, Path dir) {
        List<Path> p = new ArrayList<>();
        int n = 0;
        for (JsonElement e : array(o, key)) {
            n++;
            String what = "\"extra." + key + "\" item " + n;
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException(what + " must be a folder path, not " + StrictJson.show(e));
            }
            p.add(TrainConfig.resolve(dir, e.getAsString(), what));
        }
        return List.copyOf(p);
    }

    /** Opens every dataset; the caller closes the face sources ({@link #close}). */
    ExtraData open() throws IOException {
        List<FaceSource> faces = new ArrayList<>();
        List<OccluderSource> occ = new ArrayList<>();
        List<TextureSource> tex = new ArrayList<>();
        try {
            if (celebAMaskHq != null) {
                faces.add(CelebAMaskHq.open(celebAMaskHq));
            }
            for (Path[] s : studioShots) {
                faces.add(StudioShot.open(s[0], s[1]));
            }
            for (Path p : alphaOccluders) {
                occ.add(AlphaOccluderSet.open(p));
            }
            for (Path p : hands) {
                occ.add(HandMaskSet.open(p));
            }
            for (Path p : textures) {
                tex.add(TextureFolder.open(p));
            }
        } catch (IOException | RuntimeException e) {
            close(new ExtraData(faces, occ, tex));
            throw e;
        }
        return new ExtraData(faces, occ, tex);
    }

    static void close(ExtraData d) {
        for (FaceSource f : d.faces()) {
            try {
                f.close();
            } catch (Exception ignored) {
                // closing a reader that failed half-way
            }
        }
    }
}
