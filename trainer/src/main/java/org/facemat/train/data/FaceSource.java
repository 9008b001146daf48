package org.facemat.train.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Labelled faces indexed 0..size()-1: the frames of a clip or a set of stills. Implementations are thread-safe. */
public interface FaceSource extends AutoCloseable {
    /** The folder name under {@code faces/}, e.g. {@code cap13} or {@code stills}. */
    String name();

    int size();

    /** True for a video clip: items i and i+1 are consecutive frames. */
    boolean isClip();

    /** A short label of item {@code index}, e.g. {@code 000012} or {@code astronaut}. */
    String itemName(int index);

    FaceBox box(int index);

    FaceSample read(int index) throws IOException;

    /**
     * Whether item {@code index} is kept out of training by the source's own rule (sources beyond the shared data,
     * e.g. every 40th CelebAMask-HQ id, a studio shot's held-out roto frames). The shared data's rule is in
     * {@code EvalSplit}.
     */
    default boolean isHeldOut(int index) {
        return false;
    }

    /**
     * Who is shown in item {@code index}: a clip shows one person (its name); otherwise each item is taken as its own
     * person. Skin-coloured occluders take their skin from another identity than the face they cover, so the network
     * cannot learn "this person's skin tone = face".
     */
    default String identity(int index) {
        return isClip() ? name() : name() + "/" + itemName(index);
    }

    /** Items {@code first .. first+count-1} (consecutive frames of a clip). */
    default List<FaceSample> readRun(int first, int count) throws IOException {
        List<FaceSample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(read(first + i));
        }
        return out;
    }

    @Override
    default void close() {
    }
}
