package org.facemat.net.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The network's parameters by name, in PyTorch layout (conv weights OIHW, biases [C]).
 * Names follow RVM's PyTorch module names with the BatchNorm modules folded away
 * (e.g. {@code backbone.features.4.block.2.fc1.weight}), plus the FaceMat uncertainty head.
 */
public final class WeightSet {
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    public void put(String name, Tensor t) {
        tensors.put(name, t);
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        return t;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    public long parameterCount() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.size();
        }
        return n;
    }
}
