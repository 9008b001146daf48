package org.facemat.train.loop;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.facemat.train.synth.Sample;
import org.facemat.train.synth.SynthLoader;

/**
 * Hands out the loader's samples in index order, whatever order the synthesis threads finish them in: batch k is
 * always samples k*B .. k*B+B-1, so a resumed run sees the same data as one that never stopped.
 */
final class OrderedSamples {
    private final SynthLoader loader;
    private final Map<Long, Sample> early = new HashMap<>();
    private long next;

    OrderedSamples(SynthLoader loader, long first) {
        this.loader = loader;
        this.next = first;
    }

    Sample take() throws IOException, InterruptedException {
        Sample s = early.remove(next);
        while (s == null) {
            Sample got = loader.take();
            if (got.index() == next) {
                s = got;
            } else {
                early.put(got.index(), got);
            }
        }
        next++;
        return s;
    }
}
