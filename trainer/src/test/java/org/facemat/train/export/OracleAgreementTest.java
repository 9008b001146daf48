package org.facemat.train.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.facemat.model.ModelContract;
import org.facemat.net.weights.Tensor;
import org.facemat.train.testing.Oracle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The exported model in ONNX Runtime reproduces the TFJS reference outputs of RVM: alpha (the oracle's pha) and the
 * new states, for single frames and for 3-frame sequences with the states fed back.
 */
class OracleAgreementTest {
    /** Without the refiner every value is plain float32 network arithmetic. */
    private static final float TOL_RATIO_1 = 1e-4f;
    /** The guided filter amplifies float32 noise (rvm-tfjs-facts section 8). */
    private static final float TOL_ALPHA_REFINED = 2e-3f;
    private static final float TOL_STATES = 1e-4f;

    private static OrtRunner runner;

    @BeforeAll
    static void open() throws Exception {
        Oracle.dir();
        runner = new OrtRunner(ExportFixture.modelFile(), 2);
    }

    @AfterAll
    static void close() throws Exception {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void singleFramesMatchTheOracle() throws Exception {
        for (String c : Oracle.SINGLE_CASES) {
            compare(c, c, null);
        }
    }

    @Test
    void sequencesWithStatesFedBackMatchTheOracle() throws Exception {
        for (String seq : Oracle.SEQUENCES) {
            OrtRunner.Frame previous = null;
            for (int t = 0; t < 3; t++) {
                previous = compare(seq + "_t" + t, seq, previous);
            }
        }
    }

    private static OrtRunner.Frame compare(String caseName, String ratioOf, OrtRunner.Frame previous)
            throws Exception {
        float ratio = Oracle.ratio(ratioOf);
        Tensor src = Oracle.tensor(caseName, "src");
        int h = (int) src.dim(2);
        int w = (int) src.dim(3);
        OrtRunner.Frame f = runner.run(src.data(), h, w, ratio, previous);
        Tensor pha = Oracle.tensor(caseName, "pha");
        assertArrayEquals(pha.shape(), f.alphaShape(), caseName + " alpha shape");
        float alphaDiff = Oracle.maxAbsDiff(pha.data(), f.alpha());
        StringBuilder line = new StringBuilder(String.format("%-16s ratio %.1f  alpha %.2e", caseName, ratio,
                alphaDiff));
        float alphaTol = ratio == 1f ? TOL_RATIO_1 : TOL_ALPHA_REFINED;
        boolean ok = alphaDiff <= alphaTol;
        for (int i = 0; i < 4; i++) {
            String name = ModelContract.STATE_OUTPUTS.get(i);
            Tensor r = Oracle.tensor(caseName, name);
            assertArrayEquals(r.shape(), f.stateShapes()[i], caseName + " " + name + " shape");
            float d = Oracle.maxAbsDiff(r.data(), f.states()[i]);
            line.append(String.format("  %s %.2e", name, d));
            ok &= d <= TOL_STATES;
        }
        System.out.println("[oracle] " + line);
        assertTrue(ok, caseName + ": max |diff| above tolerance (alpha " + alphaTol + ", states " + TOL_STATES + "): "
                + line);
        return f;
    }
}
