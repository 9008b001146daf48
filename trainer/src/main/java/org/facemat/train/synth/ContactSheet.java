package org.facemat.train.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.facemat.train.data.Images;

/**
 * A contact sheet of synthesized samples: one row per sample with frame 0's composite, ground truth, trimap,
 * occluder alpha and landmark prior (what a network that takes one is given), each {@code size x size}. The PNG is
 * {@code 5 * size} wide and {@code samples * size} high.
 */
public final class ContactSheet {
    public static final int COLUMNS = 5;

    private ContactSheet() {
    }

    public static BufferedImage render(Synthesizer synth, long firstIndex, int samples) throws IOException {
        return render(synth, firstIndex, samples, false);
    }

    /** With {@code occludedOnly}, the rows are the next occluded samples from {@code firstIndex}. */
    public static BufferedImage render(Synthesizer synth, long firstIndex, int samples, boolean occludedOnly)
            throws IOException {
        int s = synth.config().size();
        BufferedImage sheet = new BufferedImage(COLUMNS * s, samples * s, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = sheet.createGraphics();
        try {
            long index = firstIndex;
            for (int k = 0; k < samples; k++, index++) {
                while (occludedOnly && !synth.isOccluded(index)) {
                    index++;
                }
                Sample smp = synth.sample(index);
                g.drawImage(Images.rgb(smp.rgb()[0], s, s), 0, k * s, null);
                g.drawImage(Images.grey(smp.gt()[0], s, s), s, k * s, null);
                g.drawImage(Images.grey(smp.trimap()[0], s, s), 2 * s, k * s, null);
                g.drawImage(Images.grey(smp.occluderAlpha()[0], s, s), 3 * s, k * s, null);
                if (smp.prior() != null) {
                    g.drawImage(Images.grey(smp.prior()[0], s, s), 4 * s, k * s, null);
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    public static void write(Synthesizer synth, long firstIndex, int samples, Path out) throws IOException {
        write(synth, firstIndex, samples, false, out);
    }

    public static void write(Synthesizer synth, long firstIndex, int samples, boolean occludedOnly, Path out)
            throws IOException {
        Images.writePng(render(synth, firstIndex, samples, occludedOnly), out);
    }
}
