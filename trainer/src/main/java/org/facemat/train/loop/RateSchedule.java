package org.facemat.train.loop;

import java.util.Locale;

/**
 * How the learning rate moves over a stage: the factor the configured rates are multiplied by at each step. A function
 * of the step alone, so that a resumed run takes the same steps as one that was never stopped.
 *
 * <p>{@code constant}: 1 throughout. {@code cosine}: a linear warm-up over {@code warmup} steps (a fresh Adam on an
 * already trained network takes its first steps with unreliable moment estimates), then half a cosine from 1 down to
 * {@code floor} at the last step. The decay is what lets a batch of 2 settle: at a constant rate the validation error
 * of the first shipped model jumped between 0.034 and 0.075 from one validation to the next.
 *
 * @param kind   constant or cosine
 * @param warmup steps of linear warm-up (cosine only)
 * @param floor  factor at the last step (cosine only), in [0, 1]
 */
public record RateSchedule(Kind kind, int warmup, float floor) {
    /** The schedule of configs that name none. */
    public static final RateSchedule CONSTANT = new RateSchedule(Kind.CONSTANT, 0, 1f);

    /** The schedule's shape. */
    public enum Kind {
        CONSTANT, COSINE
    }

    public RateSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("schedule must be \"constant\" or \"cosine\"");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must not be negative");
        }
        if (!(floor >= 0 && floor <= 1)) {
            throw new IllegalArgumentException("lrFloor must be in [0, 1]");
        }
    }

    /** Parses "constant" or "cosine" (any case); anything else is an error naming the accepted words. */
    public static Kind kindOf(String word) {
        try {
            return Kind.valueOf(word.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule must be \"constant\" or \"cosine\", not \"" + word + "\"");
        }
    }

    /**
     * The factor for the update that takes the network from step {@code step} to {@code step + 1}.
     *
     * @param step  updates made so far in this stage, 0-based
     * @param total the stage's number of steps
     */
    public float factor(long step, long total) {
        if (kind == Kind.CONSTANT) {
            return 1f;
        }
        if (step < warmup) {
            return (step + 1) / (float) warmup;
        }
        long span = Math.max(1, total - 1 - warmup);
        double p = Math.min(1.0, (step - warmup) / (double) span);
        return (float) (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * p)));
    }

    /** For the exported model's metadata and the progress line. */
    public String describe() {
        return kind == Kind.CONSTANT ? "constant rate"
                : String.format(Locale.ROOT, "cosine decay to %.2f of the rate after %d warm-up steps", floor, warmup);
    }
}
