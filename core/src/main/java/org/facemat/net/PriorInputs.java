package org.facemat.net;

/**
 * Where a network takes the landmark prior: nowhere, as a fourth channel of the encoder's stem (facemat-face 2.0.0),
 * or at the stem and, pooled like the image, at every decoder stage. The decoder prior comes on top of the stem
 * prior, so a model that has it can be widened from one that has only the stem's.
 */
public enum PriorInputs {
    NONE("none"),
    STEM("stem"),
    STEM_AND_DECODER("stem, decoder");

    private final String label;

    PriorInputs(String label) {
        this.label = label;
    }

    /** Whether the stem has the prior's input channel (the network takes a prior at all). */
    public boolean stem() {
        return this != NONE;
    }

    /** Whether decode3/2/1 and decode0 have the prior's input channel. */
    public boolean decoder() {
        return this == STEM_AND_DECODER;
    }

    /** The layers that see the prior, as written to a model's metadata: "stem" or "stem, decoder". */
    public String label() {
        return label;
    }

    /** The one whose {@link #label} is {@code label}, or null. */
    public static PriorInputs ofLabel(String label) {
        for (PriorInputs p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        return null;
    }
}
