package org.facemat.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The frames a render writes, in the syntax Nuke and farm managers write: {@code 1001-1100}, {@code 1001-1100x2}
 * (every 2nd frame from 1001), {@code 1001-1010,1020,1030-1040}, or one frame {@code 1050}. The network still runs
 * through every frame from the first to the last (its state carries from frame to frame); frames between that are not
 * selected are run but not written. Immutable; parts are kept in the order given and may not overlap.
 */
public final class FrameSelection {
    /** One {@code S-E[xK]} part (a single frame is {@code S-S}). */
    public record Part(long first, long last, long step) {
        boolean contains(long n) {
            return n >= first && n <= last && (n - first) % step == 0;
        }

        /** The last frame the step lands on. */
        long lastHit() {
            return first + (last - first) / step * step;
        }

        long count() {
            return (last - first) / step + 1;
        }

        String text() {
            return first == last ? Long.toString(first) : first + "-" + last + (step == 1 ? "" : "x" + step);
        }
    }

    private final List<Part> parts;

    private FrameSelection(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Every frame from {@code first} to {@code last}. */
    public static FrameSelection range(long first, long last) {
        if (first > last) {
            throw new IllegalArgumentException("the first frame " + first + " is after the last " + last);
        }
        return new FrameSelection(List.of(new Part(first, last, 1)));
    }

    /**
     * Parses a selection; the message of the exception is one line that says what is wrong (the caller adds the
     * option's name).
     */
    public static FrameSelection parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty frame range");
        }
        List<Part> parts = new ArrayList<>();
        for (String raw : text.split(",")) {
            String p = raw.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                throw new IllegalArgumentException("an empty part between commas");
            }
            long step = 1;
            int x = p.indexOf('x');
            if (x >= 0) {
                step = number(p.substring(x + 1), p);
                p = p.substring(0, x);
                if (step < 1) {
                    throw new IllegalArgumentException("'" + raw.trim() + "': the step must be 1 or more");
                }
            }
            // a leading minus is a negative frame number, not a range: split at the first '-' after the first char
            int dash = p.indexOf('-', 1);
            long first = number(dash < 0 ? p : p.substring(0, dash), raw);
            long last = dash < 0 ? first : number(p.substring(dash + 1), raw);
            if (first > last) {
                throw new IllegalArgumentException("'" + raw.trim() + "': the first frame is after the last");
            }
            if (dash < 0 && x >= 0) {
                throw new IllegalArgumentException("'" + raw.trim() + "': a step needs a range (S-ExK)");
            }
            Part part = new Part(first, last, step);
            for (Part q : parts) {
                if (part.first() <= q.last() && q.first() <= part.last()) {
                    throw new IllegalArgumentException("'" + part.text() + "' overlaps '" + q.text() + "'");
                }
            }
            parts.add(part);
        }
        return new FrameSelection(parts);
    }

    private static long number(String s, String part) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + part.trim() + "' is not S, S-E or S-ExK");
        }
    }

    /** The lowest frame written. */
    public long first() {
        return parts.stream().mapToLong(Part::first).min().orElseThrow();
    }

    /** The highest frame written. */
    public long last() {
        return parts.stream().mapToLong(Part::lastHit).max().orElseThrow();
    }

    public boolean contains(long n) {
        for (Part p : parts) {
            if (p.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** How many frames are written. */
    public long count() {
        return parts.stream().mapToLong(Part::count).sum();
    }

    /** Whether every frame from {@link #first} to {@link #last} is written. */
    public boolean contiguous() {
        return count() == last() - first() + 1;
    }

    /** The selection in the syntax {@link #parse} reads. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Part p : parts) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(p.text());
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameSelection f && f.parts.equals(parts);
    }

    @Override
    public int hashCode() {
        return parts.hashCode();
    }
}
