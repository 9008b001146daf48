package org.facemat.train.data;

import java.io.IOException;

/**
 * Texture images indexed 0..size()-1, cut into random shapes at synthesis time (the "Rand" occluders). Implementations
 * are thread-safe.
 */
public interface TextureSource {
    String name();

    int size();

    Textures.Texture load(int index) throws IOException;
}
