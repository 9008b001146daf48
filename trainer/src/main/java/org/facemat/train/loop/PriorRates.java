package org.facemat.train.loop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.PriorInputs;

/**
 * Per-element learning rates ({@link ResumableAdam}) of the weights that have an input channel for the landmark prior:
 * the stem and, with the decoder prior, the first conv of each decoder stage. The prior's channel learns at
 * {@code lrPrior}, the rest of each tensor at its layer's rate. The prior's weights start at zero next to trained
 * image weights; at the encoder's rate they stayed near 0.001 after 250 steps, so the network never used the prior.
 */
final class PriorRates {
    private PriorRates() {
    }

    /**
     * @param layerRate the rate of a parameter by name (encoder or decoder rate)
     * @return by weight name, one rate per element (OIHW order)
     */
    static Map<String, float[]> of(PriorInputs prior, ToDoubleFunction<String> layerRate, float lrPrior) {
        Map<String, long[]> shapes = FaceMatArchitecture.parameterShapes(true, prior);
        Map<String, float[]> rates = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : FaceMatArchitecture.priorChannels(prior).entrySet()) {
            long[] shape = shapes.get(e.getKey());
            int in = (int) shape[1];
            int k = (int) (shape[2] * shape[3]);
            float own = (float) layerRate.applyAsDouble(e.getKey());
            float[] r = new float[(int) (shape[0] * in * k)];
            for (int i = 0; i < r.length; i++) {
                r[i] = (i / k) % in == e.getValue() ? lrPrior : own;
            }
            rates.put(e.getKey(), r);
        }
        return rates;
    }
}
