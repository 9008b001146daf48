package org.facemat.train.synth;

import java.util.List;
import org.facemat.train.data.FaceSource;
import org.facemat.train.data.OccluderSource;
import org.facemat.train.data.TextureSource;

/**
 * Datasets drawn in training besides the shared data: more faces (CelebAMask-HQ, studio shots), occluders (matting
 * sets, hand masks) and textures (DTD). Their held-out items (each face source's own rule; every 10th occluder and
 * texture of each set, as for the shared data) are never drawn in training. The evaluation split ignores them, so it
 * stays the same whatever extra data a run uses.
 */
public record ExtraData(List<FaceSource> faces, List<OccluderSource> occluders, List<TextureSource> textures) {
    public static final ExtraData NONE = new ExtraData(List.of(), List.of(), List.of());

    public ExtraData {
        faces = List.copyOf(faces);
        occluders = List.copyOf(occluders);
        textures = List.copyOf(textures);
    }

    public boolean isEmpty() {
        return faces.isEmpty() && occluders.isEmpty() && textures.isEmpty();
    }
}
