package org.facemat.farm;

/**
 * The {@code --preroll} value: a number of frames, or {@code all} (from the source's first frame). The default is
 * {@code all}: with the shipped model, the state of a chunk started a few dozen frames early still differs from the
 * continuous one by more than 1/1024 of alpha (measured in docs/farm.md), so only a pre-roll from the shot's first
 * frame makes a chunk equal to the continuous render.
 */
public final class Preroll {
    private Preroll() {
    }

    public static final String DEFAULT = "all";

    /** Frames of pre-roll: a count, or {@link Integer#MAX_VALUE} for "all". */
    public static int parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("all")) {
            return Integer.MAX_VALUE;
        }
        try {
            int p = Integer.parseInt(t);
            if (p >= 0) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new FarmRequestException("bad --preroll '" + text + "' (a number of frames >= 0, or all)");
    }

    public static String text(int preroll) {
        return preroll == Integer.MAX_VALUE ? "all" : Integer.toString(preroll);
    }
}
