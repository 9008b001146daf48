package org.facemat.train.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.facemat.testing.SharedData;
import org.facemat.train.data.SharedDataset;
import org.junit.jupiter.api.Test;

/**
 * The fixed evaluation composites must not move when the training recipe grows: the digest of the first samples'
 * pixels was taken before hands, hair and glasses were added to the synthesis.
 */
class FixedEvalSplitTest {
    static final String DIGEST_64 = "f7946f77218c9fa79b7b0c583c6742a7fdbf07e10e9a4256be3124991299aa91";

    static String digest(Synthesizer s, int count) throws IOException, NoSuchAlgorithmException {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int k = 0; k < count; k++) {
            Sample smp = s.sample(k);
            for (float[] plane : new float[][] {smp.rgb()[0], smp.gt()[0], smp.occluderAlpha()[0]}) {
                ByteBuffer b = ByteBuffer.allocate(4 * plane.length);
                for (float v : plane) {
                    b.putFloat(v);
                }
                md.update(b.array());
            }
            md.update(String.valueOf(smp.occluder()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void theFixedEvalCompositesAreUnchanged() throws Exception {
        try (SharedDataset ds = SharedDataset.open(SharedData.require("data"))) {
            assertEquals(DIGEST_64, digest(EvalSplit.evalSynthesizer(ds, 64), 40));
        }
    }
}
