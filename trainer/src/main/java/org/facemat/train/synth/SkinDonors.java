package org.facemat.train.synth;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.facemat.train.data.FaceBox;
import org.facemat.train.data.FaceSample;
import org.facemat.train.data.FaceSource;

/**
 * Where a skin-coloured occluder (hand, forearm) takes its skin from: a face item of ANOTHER identity than the face it
 * covers, or the skin patch sheet. Same-identity skin would let the network learn "skin of this person's tone in
 * front of the face is face"; another person's skin is the hard case a real hand poses.
 */
final class SkinDonors {
    /** The patch sheet instead of a face item. */
    static final int SHEET = -1;
    /** Draws of (source, item) before giving up on finding another identity. */
    static final int TRIES = 16;

    private SkinDonors() {
    }

    /** A face item to cut skin from ({@code faces} indexes the pool's face sources), or {@link #SHEET}. */
    record Donor(int faces, int item) {
        boolean fromSheet() {
            return faces == SHEET;
        }
    }

    /**
     * Draws the donor for a sample showing item {@code item} of face source {@code faceIndex}: the sheet with
     * probability {@code sheetProb}, otherwise a pool item of another identity (the sheet when none is found).
     */
    static Donor choose(List<SynthPool.Faces> faces, int faceIndex, int item, double sheetProb, SplittableRandom r) {
        boolean sheet = r.nextDouble() < sheetProb;
        String self = faces.get(faceIndex).source().identity(item);
        Donor found = null;
        for (int k = 0; k < TRIES; k++) {
            int f = r.nextInt(faces.size());
            int[] starts = faces.get(f).starts();
            int i = starts[r.nextInt(starts.length)];
            if (found == null && !faces.get(f).source().identity(i).equals(self)) {
                found = new Donor(f, i);
            }
        }
        // a fixed number of draws whatever is found, so later draws of the plan do not shift
        return sheet || found == null ? new Donor(SHEET, 0) : found;
    }

    /** Centres of the cheek and forehead windows, as fractions of the face box (eyes, nose and lips stay out). */
    private static final double[][] WINDOWS = {{0.25, 0.62}, {0.75, 0.62}, {0.5, 0.16}};

    /**
     * A smooth piece of skin of a donor face: of the cheek and forehead windows (side 18% of the face box) that lie
     * wholly on skin (label mean above 0.97), the one with the least luma variance; null when none does.
     */
    static SkinSwatch cutFromFace(FaceSource src, int item) throws IOException {
        FaceSample f = src.read(item);
        FaceBox b = f.box();
        int side = (int) Math.round(0.18 * b.w());
        if (side < 4) {
            return null;
        }
        SkinSwatch best = null;
        double bestVar = Double.MAX_VALUE;
        for (double[] w : WINDOWS) {
            int x0 = (int) Math.round(b.x() + w[0] * b.w() - side / 2.0);
            int y0 = (int) Math.round(b.y() + w[1] * b.h() - side / 2.0);
            if (x0 < 0 || y0 < 0 || x0 + side > f.width() || y0 + side > f.height()) {
                continue;
            }
            double s = 0;
            for (int y = y0; y < y0 + side; y++) {
                for (int x = x0; x < x0 + side; x++) {
                    s += f.skin()[y * f.width() + x];
                }
            }
            if (s / (side * side) < 0.97) {
                continue;
            }
            SkinSwatch sw = SkinSwatch.cut(src.name() + "#" + src.itemName(item), f.rgb(), f.width(), f.height(), x0,
                    y0, side, side, b.w());
            double v = sw.lumaVariance() + (sw.skinLike() ? 0 : 1);
            if (v < bestVar) {
                bestVar = v;
                best = sw;
            }
        }
        return best;
    }
}
