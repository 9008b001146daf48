package org.facemat.train.loss;

import org.facemat.train.nd.Scalars;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A weighted loss and its unweighted terms (scalars), for back-propagation and logging.
 *
 * @param total the weighted sum to call {@code backward} on
 * @param terms each term before weighting, by name, in a fixed order
 */
public record LossTerms(NDArray total, Map<String, NDArray> terms) {

    public LossTerms {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /** The terms as host floats (for logs). */
    public Map<String, Float> values() {
        Map<String, Float> v = new LinkedHashMap<>();
        v.put("total", total.getFloat());
        terms.forEach((k, a) -> v.put(k, a.getFloat()));
        return v;
    }

    static LossTerms weighted(Map<String, NDArray> terms, Map<String, Float> weights) {
        NDArray total = null;
        for (Map.Entry<String, NDArray> e : terms.entrySet()) {
            NDArray w = Scalars.times(e.getValue(), weights.get(e.getKey()));
            total = total == null ? w : total.add(w);
        }
        return new LossTerms(total, terms);
    }
}
