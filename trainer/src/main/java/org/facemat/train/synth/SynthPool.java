package org.facemat.train.synth;

import java.util.List;
import org.facemat.train.data.FaceSource;

/**
 * What a synthesizer may draw from: per face source the allowed first items of a sequence, and the allowed occluder
 * and texture indices. {@link EvalSplit} builds the training and the evaluation pools.
 */
public record SynthPool(List<Faces> faces, int[] occluders, int[] textures) {
    /** A face source and the items a sequence may start at (for a clip the whole run must be allowed). */
    public record Faces(FaceSource source, int[] starts) {
    }

    public SynthPool {
        faces = faces.stream().filter(f -> f.starts().length > 0).toList();
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("no face item to draw from");
        }
    }
}
