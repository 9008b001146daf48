package org.facemat.train.synth;

import java.io.IOException;

/**
 * Training samples by index: sample i is the same whenever and on whichever thread it is made, so a resumed run
 * sees the same data. The synthesizer is one; a studio shot's roto'd frames are another.
 */
public interface SampleSource {
    Sample sample(long index) throws IOException;
}
