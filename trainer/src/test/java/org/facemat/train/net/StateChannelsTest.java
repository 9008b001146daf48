package org.facemat.train.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.facemat.model.ModelContract;
import org.facemat.net.FaceMatArchitecture;
import org.junit.jupiter.api.Test;

/** The recurrent states' channels have one home, the model contract, and follow from the decoder's widths. */
class StateChannelsTest {
    @Test
    void theContractsCountsAreTheDecodersGruHalves() {
        assertSame(ModelContract.STATE_CHANNELS, FaceMatArchitecture.STATE_CHANNELS);
        int[] dec = FaceMatArchitecture.DECODER_CHANNELS;
        assertArrayEquals(new int[] {dec[2] / 2, dec[1] / 2, dec[0] / 2, FaceMatArchitecture.ASPP_CHANNELS / 2},
                ModelContract.STATE_CHANNELS);
    }
}
