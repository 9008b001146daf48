package org.facemat.train.data;

import java.io.IOException;

/**
 * Occluder cut-outs indexed 0..size()-1, each an image with straight alpha. The synthesizer draws from one of these;
 * {@link OccluderSources#concat} joins several sets into one index space. Implementations are thread-safe.
 */
public interface OccluderSource {
    /** A short name of the set, e.g. {@code occluders} or {@code AM-2k}. */
    String name();

    int size();

    /** The cut-out at {@code index}; an IOException names the file and what is wrong with it. */
    Occluder load(int index) throws IOException;
}
