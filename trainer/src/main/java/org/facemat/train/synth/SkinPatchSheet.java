package org.facemat.train.synth;

import java.io.IOException;
import org.facemat.train.data.Textures;

/**
 * The collage of skin crops shipped as {@code textures/openimaj_skin_patches.png} (many people and skin tones), as a
 * source of skin for hands and forearms. The columns from {@link #HELD_OUT_FROM} of the width on are held out for
 * evaluation, the rest is for training.
 */
final class SkinPatchSheet {
    static final String FILE = "openimaj_skin_patches.png";
    static final double HELD_OUT_FROM = 0.9;
    /** Side of a cut piece in sheet pixels (the crops are 60-200 px; 32 px rarely spans two of them). */
    static final int PIECE = 32;
    /** The collage's crops show faces of roughly this width in sheet pixels (noses are about 60 px wide). */
    static final double FACE_WIDTH = 260;

    private final Textures textures;
    private final int index;
    private final boolean heldOut;

    private SkinPatchSheet(Textures textures, int index, boolean heldOut) {
        this.textures = textures;
        this.index = index;
        this.heldOut = heldOut;
    }

    /**
     * The sheet among {@code textures} (its training or its held-out part), or null when they do not hold it. Loads
     * nothing yet: the image is read on the first cut (and cached by the textures).
     */
    static SkinPatchSheet in(Textures textures, boolean heldOut) {
        if (textures == null) {
            return null;
        }
        int i = textures.files().indexOf(FILE);
        return i < 0 ? null : new SkinPatchSheet(textures, i, heldOut);
    }

    boolean heldOut() {
        return heldOut;
    }

    /** The piece at (u, v) in [0,1)^2 of this sheet's part. */
    SkinSwatch cut(double u, double v) throws IOException {
        Textures.Texture sheet = textures.load(index);
        int split = (int) Math.floor(sheet.width() * HELD_OUT_FROM);
        int from = heldOut ? split : 0;
        int to = heldOut ? sheet.width() : split;
        int x0 = from + (int) Math.floor(u * Math.max(1, to - from - PIECE));
        int y0 = (int) Math.floor(v * (sheet.height() - PIECE));
        return SkinSwatch.cut("skin-patches@(" + x0 + "," + y0 + ")", sheet.rgb(), sheet.width(), sheet.height(), x0,
                y0, PIECE, PIECE, FACE_WIDTH);
    }

    /** Of several pieces, the smoothest skin-coloured one (a cheek rather than a nostril or a lip). */
    SkinSwatch smoothest(double[] us, double[] vs) throws IOException {
        SkinSwatch best = null;
        double bestVar = Double.MAX_VALUE;
        for (int k = 0; k < us.length; k++) {
            SkinSwatch s = cut(us[k], vs[k]);
            double var = s.lumaVariance() + (s.skinLike() ? 0 : 1);
            if (var < bestVar) {
                bestVar = var;
                best = s;
            }
        }
        return best;
    }
}
