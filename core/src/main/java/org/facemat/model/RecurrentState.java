package org.facemat.model;

/**
 * The network's recurrent states r1..r4 between two frames, tied to the working resolution they were made at.
 * A state made at another resolution cannot be fed (the shapes differ), so {@link #forSize} starts from zeros then.
 */
public final class RecurrentState {
    private final int workingH;
    private final int workingW;
    private final float[][] states = new float[4][];

    private RecurrentState(int workingH, int workingW) {
        this.workingH = workingH;
        this.workingW = workingW;
        for (int i = 0; i < 4; i++) {
            long[] s = ModelContract.stateShape(i, workingH, workingW);
            states[i] = new float[(int) (s[1] * s[2] * s[3])];
        }
    }

    /** Zero state for a working image of h x w. */
    public static RecurrentState zeros(int workingH, int workingW) {
        return new RecurrentState(workingH, workingW);
    }

    /** {@code previous} when it fits h x w, else a zero state. */
    public static RecurrentState forSize(RecurrentState previous, int workingH, int workingW) {
        if (previous != null && previous.workingH == workingH && previous.workingW == workingW) {
            return previous;
        }
        return zeros(workingH, workingW);
    }

    public int workingH() {
        return workingH;
    }

    public int workingW() {
        return workingW;
    }

    public float[] get(int i) {
        return states[i];
    }

    void set(int i, float[] v) {
        if (v.length != states[i].length) {
            throw new IllegalStateException("state r" + (i + 1) + "o has " + v.length + " values, expected " + states[i].length);
        }
        states[i] = v;
    }

    public long[] shape(int i) {
        return ModelContract.stateShape(i, workingH, workingW);
    }
}
