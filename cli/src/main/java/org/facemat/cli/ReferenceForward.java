package org.facemat.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A second implementation of the network that {@code facemat bench} times beside ONNX Runtime: the trainer's DJL
 * forward, found through a service entry ({@code META-INF/services/org.facemat.cli.ReferenceForward}) when the
 * trainer is installed.
 */
public interface ReferenceForward {
    /** What the bench table calls it. */
    String name();

    /** Opens the network of a model file. */
    Runner open(Path model) throws IOException;

    /** A network ready to run frames. */
    interface Runner extends AutoCloseable {
        /** Runs {@code warmup + frames} frames of the clip (CHW floats) in order; the milliseconds of the last {@code frames}. */
        double[] time(List<float[]> clip, int height, int width, float ratio, int warmup, int frames);

        @Override
        void close();
    }
}
