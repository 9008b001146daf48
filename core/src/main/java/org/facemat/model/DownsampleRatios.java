package org.facemat.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The recommended downsample ratio per frame size, as stored in a model's metadata: comma-separated rules
 * {@code <=N:ratio} and one final {@code >N:ratio} on the longer side of the frame, e.g. {@link #DEFAULT}. The ratio
 * keeps the working image around 256-512 pixels on its shorter side, where the network was trained.
 *
 * <p>The table is read strictly, since a model file is input: N is a whole number of pixels, the ratio a plain decimal
 * number in (0, 1], no two rules share a bound, and the one {@code >N} rule starts where the largest {@code <=N} ends
 * (at 0 when there is none), so every frame size has exactly one rule. Anything else is an
 * {@link IllegalArgumentException} with a one-line message quoting the rule.
 */
public final class DownsampleRatios {
    private record Rule(int maxSide, float ratio) {
    }

    /** A bound: a whole number of pixels, at most 9 digits (so it fits an int). */
    private static final Pattern BOUND = Pattern.compile("[0-9]{1,9}");
    /** A plain decimal number: no sign, no hexadecimal, no NaN or Infinity, no type suffix. */
    private static final Pattern NUMBER = Pattern.compile("([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?");

    private final List<Rule> rules;

    private DownsampleRatios(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * After RVM's guidance (portrait ratios 0.375 at 720p, 0.25 at 1080p, 0.125 at 4K): each step keeps the working
     * image near 480-512 x 270-288.
     */
    public static final String DEFAULT = "<=512:1.0,<=960:0.5,<=1280:0.4,<=1920:0.25,<=2560:0.2,<=4096:0.125,>4096:0.0625";

    /**
     * Parses a ratio table.
     *
     * @throws IllegalArgumentException (never a subclass) when the table is empty or malformed, on one line
     */
    public static DownsampleRatios parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("the ratio table is empty (expected rules like " + DEFAULT + ")");
        }
        List<Rule> rules = new ArrayList<>();
        Integer above = null;
        String aboveRule = null;
        for (String part : spec.split(",", -1)) {
            String p = part.trim();
            String shown = ModelContract.quote(p);
            int colon = p.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("bad downsample rule " + shown + " (expected <=N:ratio or >N:ratio)");
            }
            String cond = p.substring(0, colon).trim();
            String r = p.substring(colon + 1).trim();
            if (!NUMBER.matcher(r).matches()) {
                throw new IllegalArgumentException("ratio " + ModelContract.quote(r) + " in " + shown
                        + " is not a number");
            }
            float ratio = Float.parseFloat(r);
            if (!(ratio > 0f && ratio <= 1f)) {
                throw new IllegalArgumentException("downsample ratio " + ratio + " in " + shown + " is not in (0, 1]");
            }
            String bound;
            boolean isAbove;
            if (cond.startsWith("<=")) {
                bound = cond.substring(2).trim();
                isAbove = false;
            } else if (cond.startsWith(">")) {
                bound = cond.substring(1).trim();
                isAbove = true;
            } else {
                throw new IllegalArgumentException("bad downsample rule " + shown + " (expected <=N:ratio or >N:ratio)");
            }
            if (!BOUND.matcher(bound).matches()) {
                throw new IllegalArgumentException("bound " + ModelContract.quote(bound) + " in " + shown
                        + " is not a whole number of pixels");
            }
            int n = Integer.parseInt(bound);
            if (isAbove) {
                if (above != null) {
                    throw new IllegalArgumentException("two '>N' rules (" + ModelContract.quote(aboveRule) + " and "
                            + shown + "); the table has one");
                }
                above = n;
                aboveRule = p;
                rules.add(new Rule(Integer.MAX_VALUE, ratio));
            } else {
                if (n < 1) {
                    throw new IllegalArgumentException("bound in " + shown + " must be at least 1");
                }
                for (Rule other : rules) {
                    if (other.maxSide == n) {
                        throw new IllegalArgumentException("two rules for sizes up to " + n);
                    }
                }
                rules.add(new Rule(n, ratio));
            }
        }
        rules.sort((a, b) -> Integer.compare(a.maxSide, b.maxSide));
        int largest = 0;
        for (Rule rule : rules) {
            if (rule.maxSide != Integer.MAX_VALUE) {
                largest = Math.max(largest, rule.maxSide);
            }
        }
        if (above == null) {
            throw new IllegalArgumentException("no rule for sizes above " + largest + " (end the table with >"
                    + largest + ":ratio)");
        }
        if (above != largest) {
            throw new IllegalArgumentException("the '>N' rule " + ModelContract.quote(aboveRule) + " must start at "
                    + largest + ", where the largest '<=N' rule ends");
        }
        return new DownsampleRatios(List.copyOf(rules));
    }

    public float forSize(int height, int width) {
        int side = Math.max(height, width);
        for (Rule r : rules) {
            if (side <= r.maxSide) {
                return r.ratio;
            }
        }
        return rules.get(rules.size() - 1).ratio;
    }
}
