package org.facemat.train.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.facemat.train.net.ArrayValues;
import org.facemat.train.net.FaceMatNetwork;

/**
 * The stage-2 teacher as an exponential moving average of the student:
 * {@code teacher = decay * teacher + (1 - decay) * student} for every parameter, in place (the teacher's arrays stay
 * the ones its trainer or parameter store holds) and outside autograd (computed on host copies, so no gradient flows
 * and none is recorded; about 4M floats, cheap next to a training step).
 * Parameters that are not trained (the input mean and 1/std) are left as they are. Typical decay: {@value #DEFAULT_DECAY} per optimiser step.
 */
public final class Ema {
    public static final float DEFAULT_DECAY = 0.999f;

    private Ema() {
    }

    public static void update(FaceMatNetwork teacher, FaceMatNetwork student, float decay) {
        if (!(decay >= 0f && decay <= 1f)) {
            throw new IllegalArgumentException("decay must be in [0, 1], got " + decay);
        }
        if (teacher == student) {
            return;
        }
        Map<String, Parameter> t = teacher.namedParameters();
        Map<String, Parameter> s = student.namedParameters();
        for (Map.Entry<String, Parameter> e : t.entrySet()) {
            Parameter sp = s.get(e.getKey());
            if (sp == null) {
                throw new IllegalArgumentException("student has no parameter " + e.getKey());
            }
            if (!e.getValue().requiresGradient()) {
                continue; // fixed constants (the input normalisation): not averaged, kept exactly
            }
            NDArray ta = e.getValue().getArray();
            NDArray sa = sp.getArray();
            if (!ta.getShape().equals(sa.getShape())) {
                throw new IllegalArgumentException(e.getKey() + ": teacher " + ta.getShape() + ", student "
                        + sa.getShape());
            }
            float[] tv = ta.toFloatArray();
            float[] sv = sa.toFloatArray();
            float keep = 1f - decay;
            for (int i = 0; i < tv.length; i++) {
                tv[i] = decay * tv[i] + keep * sv[i];
            }
            ArrayValues.assign(ta, tv);
        }
    }
}
