package org.facemat.model;

/** A model file that cannot be used; the message names the file and the problem, on one line. */
public class ModelLoadException extends Exception {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
