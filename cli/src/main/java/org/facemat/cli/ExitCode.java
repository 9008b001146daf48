package org.facemat.cli;

/** Exit codes of the {@code facemat} command, documented for farm wrappers. */
public final class ExitCode {
    private ExitCode() {
    }

    public static final int OK = 0;
    /** An unexpected internal error (a bug): reported with its stack trace. */
    public static final int INTERNAL = 1;
    /** Wrong command-line usage. */
    public static final int USAGE = 2;
    /** An input file (movie, sequence, RVM weights) is missing, unreadable or malformed. */
    public static final int BAD_INPUT = 3;
    /** The model file is missing or breaks the model contract. */
    public static final int MODEL_ERROR = 4;
    /** An output cannot be written (folder not writable, disk full). */
    public static final int OUTPUT_ERROR = 5;
    /** The render finished, but some frames could not be decoded and were skipped ({@code --on-error skip}). */
    public static final int PARTIAL = 6;
    /**
     * A device required with {@code --device cuda!}, {@code tensorrt!}, {@code auto!} or {@code --require-device}
     * cannot start on this machine (no GPU, no driver, an ONNX Runtime build without the provider): the render stops
     * instead of falling back to the CPU.
     */
    public static final int DEVICE = 7;
    /** Stopped by Ctrl-C (SIGINT, 128 + 2), as shells report it; finished frames are kept, {@code --resume} goes on. */
    public static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM (128 + 15), as a farm manager stops a task; as {@link #INTERRUPTED}. */
    public static final int TERMINATED = 143;

    /** The exit code of a render that could not go on. */
    public static int of(org.facemat.render.RenderException.Kind kind) {
        return switch (kind) {
            case INPUT -> BAD_INPUT;
            case MODEL -> MODEL_ERROR;
            case OUTPUT -> OUTPUT_ERROR;
            case USAGE -> USAGE;
            case INTERRUPTED -> INTERRUPTED;
        };
    }
}
