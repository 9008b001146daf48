package org.facemat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TemporalMetricsTest {

    @Test
    void identicalSequencesGiveZero() {
        List<float[]> seq = List.of(new float[] {0f, 0.3f}, new float[] {0.5f, 1f}, new float[] {0.2f, 0.1f});
        assertEquals(0, TemporalMetrics.dtssd(seq, List.copyOf(seq)));
    }

    @Test
    void aConstantOffsetGivesZero() {
        // dtSSD only sees changes over time
        List<float[]> gt = List.of(new float[] {0f, 0.3f}, new float[] {0.5f, 0.6f});
        List<float[]> pred = List.of(new float[] {0.1f, 0.4f}, new float[] {0.6f, 0.7f});
        assertEquals(0, TemporalMetrics.dtssd(pred, gt), 1e-5);
    }

    @Test
    void handWorkedSequence() {
        // gt static. pred pixel 0 goes 0 -> 0.5 -> 0.5: pair 1 differences (0.5, 0): 100 sqrt(0.25 / 2) = 35.355..;
        // pair 2 differences (0, 0): 0. Sequence mean 17.677..
        List<float[]> gt = List.of(new float[2], new float[2], new float[2]);
        List<float[]> pred = List.of(new float[] {0f, 0f}, new float[] {0.5f, 0f}, new float[] {0.5f, 0f});
        assertEquals(100 * Math.sqrt(0.125), TemporalMetrics.dtssd(pred.get(1), pred.get(0), gt.get(1), gt.get(0),
                null), 1e-9);
        assertEquals(100 * Math.sqrt(0.125) / 2, TemporalMetrics.dtssd(pred, gt), 1e-9);
    }

    @Test
    void singleFrameIsUndefined() {
        assertEquals(Double.NaN, TemporalMetrics.dtssd(List.of(new float[1]), List.of(new float[1])));
    }
}
