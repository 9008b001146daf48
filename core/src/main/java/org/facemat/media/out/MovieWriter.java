package org.facemat.media.out;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What the movie writers share: a movie written under a temporary name, renamed into place by {@link #finish()},
 * deleted by {@link #close()} otherwise; after any failed frame the writer refuses to finish, so a broken render
 * never leaves a final file.
 */
abstract class MovieWriter implements AutoCloseable {
    protected final Path file;
    protected final int width;
    protected final int height;
    private MovieEncoder encoder;
    private boolean failed;

    MovieWriter(Path file, int width, int height) throws IOException {
        if (width <= 0 || height <= 0) {
            throw new IOException(file + ": bad picture size " + width + "x" + height);
        }
        this.file = file;
        this.width = width;
        this.height = height;
    }

    /** Called once by the subclass's constructor. */
    protected final void start(MovieEncoder e) {
        this.encoder = e;
    }

    /** Why the movie has no audio although it was asked for, or null. */
    public String audioSkipped() {
        return encoder == null ? null : encoder.audioSkipped();
    }

    protected final MovieEncoder encoder() {
        return encoder;
    }

    /** A frame that cannot be written: the movie is given up, and the returned exception says why. */
    protected final IOException reject(String problem) {
        failed = true;
        encoder.abort();
        return fail(problem);
    }

    /** Fills the encoder's input frame and encodes it; any failure gives the movie up. */
    protected final void encode(FrameFiller fill) throws IOException {
        try {
            fill.fill(encoder);
            encoder.encodeInput();
        } catch (IOException | RuntimeException e) {
            failed = true;
            encoder.abort();
            throw e instanceof IOException io ? io : fail(e.toString());
        }
    }

    /** Writes one frame's samples into the encoder's input. */
    @FunctionalInterface
    protected interface FrameFiller {
        void fill(MovieEncoder encoder) throws IOException;
    }

    /** Frames written so far. */
    public long framesWritten() {
        return encoder.frames();
    }

    /** Completes the movie and renames it to its final name. */
    public void finish() throws IOException {
        if (failed) {
            throw fail("an earlier write failed; nothing was kept");
        }
        encoder.finish();
    }

    /** Deletes the unfinished movie unless {@link #finish()} was called. */
    @Override
    public void close() {
        encoder.abort();
    }

    protected final IOException fail(String problem) {
        return new IOException(file + ": " + problem);
    }
}
