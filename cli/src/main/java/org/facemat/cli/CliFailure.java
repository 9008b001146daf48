package org.facemat.cli;

/** An expected failure: printed as one line "facemat: message" with its exit code, no stack trace. */
public class CliFailure extends RuntimeException {
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
