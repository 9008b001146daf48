package org.facemat.render;

import java.util.List;

/**
 * Which frames of each pass are already complete on disk, read once at the start of a {@code --resume} (reading an
 * EXR back to check it costs as much as writing it).
 */
final class ResumeIndex {
    private final long first;
    private final boolean[][] complete;

    private ResumeIndex(long first, boolean[][] complete) {
        this.first = first;
        this.complete = complete;
    }

    /** Nothing is complete: every frame is written to every pass. */
    static ResumeIndex none(int passes, long first, long last) {
        return new ResumeIndex(first, new boolean[passes][(int) (last - first + 1)]);
    }

    static ResumeIndex scan(List<MattePass> passes, long first, long last) {
        boolean[][] c = new boolean[passes.size()][(int) (last - first + 1)];
        for (int p = 0; p < passes.size(); p++) {
            for (long n = first; n <= last; n++) {
                c[p][(int) (n - first)] = passes.get(p).isComplete(n);
            }
        }
        return new ResumeIndex(first, c);
    }

    boolean complete(int pass, long n) {
        int i = (int) (n - first);
        return i >= 0 && i < complete[pass].length && complete[pass][i];
    }

    /** Whether any pass still needs frame n. */
    boolean needed(long n) {
        for (int p = 0; p < complete.length; p++) {
            if (!complete(p, n)) {
                return true;
            }
        }
        return false;
    }
}
