package org.facemat.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The recommended downsample ratio per frame size, as stored in a model's metadata: comma-separated rules
 * {@code <=N:ratio} (and one final {@code >N:ratio}) on the longer side of the frame, e.g.
 * {@link #DEFAULT}. The ratio keeps the working image around 256-512 pixels
 * on its shorter side, where the network was trained.
 */
public final class DownsampleRatios {
    private record Rule(int maxSide, float ratio) {
    }

    private final List<Rule> rules;

    private DownsampleRatios(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * After RVM's guidance (portrait ratios 0.375 at 720p, 0.25 at 1080p, 0.125 at 4K): each step keeps the working
     * image near 480-512 x 270-288.
     */
    public static final String DEFAULT = "<=512:1.0,<=960:0.5,<=1280:0.4,<=1920:0.25,<=2560:0.2,<=4096:0.125,>4096:0.0625";

    public static DownsampleRatios parse(String spec) {
        List<Rule> rules = new ArrayList<>();
        for (String part : (spec == null || spec.isBlank() ? DEFAULT : spec).split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            int colon = p.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("bad downsample rule '" + part + "' (expected <=N:ratio or >N:ratio)");
            }
            String cond = p.substring(0, colon).trim();
            float ratio = Float.parseFloat(p.substring(colon + 1).trim());
            if (!(ratio > 0f && ratio <= 1f)) {
                throw new IllegalArgumentException("downsample ratio " + ratio + " in '" + part.trim() + "' is not in (0, 1]");
            }
            if (cond.startsWith("<=")) {
                rules.add(new Rule(Integer.parseInt(cond.substring(2).trim()), ratio));
            } else if (cond.startsWith(">")) {
                rules.add(new Rule(Integer.MAX_VALUE, ratio));
            } else {
                throw new IllegalArgumentException("bad downsample rule '" + part + "' (expected <=N:ratio or >N:ratio)");
            }
        }
        rules.sort((a, b) -> Integer.compare(a.maxSide, b.maxSide));
        return new DownsampleRatios(rules);
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
