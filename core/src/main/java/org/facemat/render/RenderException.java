package org.facemat.render;

/** A render that cannot go on; {@link #kind()} tells whose fault it is (for exit codes), the message says what. */
public class RenderException extends Exception {
    /** USAGE: the settings ask for something never done, such as writing over an input. */
    /** INTERRUPTED: stopped from outside (a signal), its outputs' temporaries removed. */
    public enum Kind { INPUT, MODEL, OUTPUT, USAGE, INTERRUPTED }

    private final Kind kind;

    public RenderException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public RenderException(Kind kind, String message) {
        this(kind, message, null);
    }

    public Kind kind() {
        return kind;
    }
}
