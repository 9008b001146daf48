package org.facemat.train.loop;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
        if (e == null || e.isJsonNull()) {
            return NONE;
        }
        if (!e.isJsonObject()) {
            throw new IllegalArgumentException("\"extra\" must be an object");
        }
        JsonObject o = e.getAsJsonObject();
        for (String k : o.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("unknown setting \"extra." + k + "\"");
            }
        }
        Path celeb = o.has("celebAMaskHq") ? dir.resolve(o.get("celebAMaskHq").getAsString()).normalize() : null;
        List<Path[]> shots = new ArrayList<>();
        for (JsonElement s : array(o, "studioShots")) {
            JsonObject so = s.getAsJsonObject();
            if (!so.has("footage") || !so.has("mattes")) {
                throw new IllegalArgumentException("each of \"extra.studioShots\" needs \"footage\" and \"mattes\"");
            }
            shots.add(new Path[] {dir.resolve(so.get("footage").getAsString()).normalize(),
                dir.resolve(so.get("mattes").getAsString()).normalize()});
        }
        return new ExtraSources(celeb, paths(o, "alphaOccluders", dir), paths(o, "hands", dir),
                paths(o, "textures", dir), shots);
    }

    private static JsonArray array(JsonObject o, String key) {
        if (!o.has(key)) {
            return new JsonArray();
        }
        if (!o.get(key).isJsonArray()) {
            throw new IllegalArgumentException("\"extra." + key + "\" must be a list");
        }
        return o.getAsJsonArray(key);
    }

    private static List<Path> paths(JsonObject o, String key, Path dir) {
        List<Path> p = new ArrayList<>();
        for (JsonElement e : array(o, key)) {
            p.add(dir.resolve(e.getAsString()).normalize());
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
