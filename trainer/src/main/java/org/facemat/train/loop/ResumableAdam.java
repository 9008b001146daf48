package org.facemat.train.loop;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.facemat.train.net.ArrayValues;

/**
 * Adam (Kingma and Ba) with per-group learning rates and a state that can be saved and loaded, so that a training
 * run resumed from a checkpoint takes the same steps as one that was never stopped. DJL's own Adam keeps its moments
 * private; the update here is the textbook one with bias correction.
 */
public final class ResumableAdam extends Optimizer {
    private static final int MAGIC = 0x46414431; // "FAD1"

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final Map<String, String> nameOfId;
    private final Map<String, Float> rateOfId;
    private final Map<String, float[]> mean = new TreeMap<>();
    private final Map<String, float[]> variance = new TreeMap<>();
    private final Map<String, Integer> steps = new HashMap<>();
    private final Map<String, float[]> elementRates;
    private float rateFactor = 1f;

    /**
     * @param nameOfId DJL parameter id to the network's parameter name (the state is saved by name)
     * @param rateOfId DJL parameter id to its learning rate
     */
    public ResumableAdam(float beta1, float beta2, float epsilon, Map<String, String> nameOfId,
                         Map<String, Float> rateOfId) {
        this(beta1, beta2, epsilon, nameOfId, rateOfId, Map.of());
    }

    /**
     * @param elementRates by parameter name, a rate per element that replaces the parameter's rate (e.g. the landmark
     *                     prior's input channel of the stem, a part of one weight tensor that is new)
     */
    public ResumableAdam(float beta1, float beta2, float epsilon, Map<String, String> nameOfId,
                         Map<String, Float> rateOfId, Map<String, float[]> elementRates) {
        super(new Builder());
        this.elementRates = Map.copyOf(elementRates);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.nameOfId = Map.copyOf(nameOfId);
        this.rateOfId = Map.copyOf(rateOfId);
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }

    /** Multiplies every group's rate for the following updates (the stage's {@link RateSchedule}); not saved. */
    public void setRateFactor(float factor) {
        rateFactor = factor;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        String name = nameOfId.get(parameterId);
        Float rate = rateOfId.get(parameterId);
        if (name == null || rate == null) {
            throw new IllegalStateException("no optimiser entry for parameter " + parameterId);
        }
        float[] w = weight.toFloatArray();
        float[] g = grad.toFloatArray();
        float[] m = mean.computeIfAbsent(name, k -> new float[w.length]);
        float[] v = variance.computeIfAbsent(name, k -> new float[w.length]);
        int t = steps.merge(name, 1, Integer::sum);
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        float correction = (float) (rateFactor * Math.sqrt(c2) / c1);
        float step = rate * correction;
        float eps = (float) (epsilon * Math.sqrt(c2)); // epsilon added to the bias-corrected root, folded in
        float[] own = elementRates.get(name);
        if (own != null && own.length != w.length) {
            throw new IllegalStateException(name + ": " + own.length + " element rates for " + w.length + " weights");
        }
        for (int i = 0; i < w.length; i++) {
            float gi = g[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            w[i] -= (own == null ? step : own[i] * correction) * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
        ArrayValues.assign(weight, w); // by handle: NDArray.set prints libtorch's deprecation warning
    }

    /** Writes the moments and step counts, by parameter name. */
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(mean.size());
        for (Map.Entry<String, float[]> e : mean.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(steps.getOrDefault(e.getKey(), 0));
            writeFloats(out, e.getValue());
            writeFloats(out, variance.get(e.getKey()));
        }
    }

    /** Replaces the state with one written by {@link #save}. */
    public void load(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not an optimiser state file");
        }
        mean.clear();
        variance.clear();
        steps.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            steps.put(name, in.readInt());
            mean.put(name, readFloats(in));
            variance.put(name, readFloats(in));
        }
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float f : a) {
            out.writeFloat(f);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] a = new float[in.readInt()];
        for (int i = 0; i < a.length; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }
}
