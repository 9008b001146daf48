package org.facemat.train.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.PriorInputs;
import org.junit.jupiter.api.Test;

/** The prior's input channel learns at lrPrior in every conv that has one, the rest at its layer's rate. */
class PriorRatesTest {
    private static final float ENCODER = 2e-5f;
    private static final float DECODER = 1e-4f;
    private static final float PRIOR = 2e-3f;

    private static double layerRate(String name) {
        return name.startsWith("backbone.") ? ENCODER : DECODER;
    }

    @Test
    void everyPriorChannelLearnsAtThePriorRate() {
        assertTrue(PriorRates.of(PriorInputs.NONE, PriorRatesTest::layerRate, PRIOR).isEmpty());
        assertEquals(java.util.Set.of(FaceMatArchitecture.STEM_WEIGHT),
                PriorRates.of(PriorInputs.STEM, PriorRatesTest::layerRate, PRIOR).keySet());

        Map<String, float[]> rates = PriorRates.of(PriorInputs.STEM_AND_DECODER, PriorRatesTest::layerRate, PRIOR);
        Map<String, long[]> shapes = FaceMatArchitecture.parameterShapes(true, PriorInputs.STEM_AND_DECODER);
        assertEquals(5, rates.size());
        for (Map.Entry<String, float[]> e : rates.entrySet()) {
            long[] s = shapes.get(e.getKey());
            int in = (int) s[1];
            int k = (int) (s[2] * s[3]);
            float own = e.getKey().startsWith("backbone.") ? ENCODER : DECODER;
            assertEquals(s[0] * in * k, e.getValue().length, e.getKey());
            int prior = 0;
            for (int i = 0; i < e.getValue().length; i++) {
                boolean priorChannel = (i / k) % in == in - 1;
                assertEquals(priorChannel ? PRIOR : own, e.getValue()[i], e.getKey() + " element " + i);
                prior += priorChannel ? 1 : 0;
            }
            assertEquals(s[0] * k, prior, e.getKey());
        }
    }
}
