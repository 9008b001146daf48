package org.facemat.train.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facemat.net.weights.Tensor;
import org.facemat.testing.SharedData;

/** The TFJS reference outputs of the RVM model in the shared data, converted to NCHW. */
public final class Oracle {
    public static final String[] SINGLE_CASES = {"s_72x128_r1.0", "s_72x128_r0.5", "s_67x121_r1.0", "s_67x121_r0.5",
        "s_90x160_r0.4"};
    public static final String[] SEQUENCES = {"seq_r1.0", "seq_r0.5"};

    private Oracle() {
    }

    public static Path dir() {
        return SharedData.require("data/models/rvm/oracle");
    }

    public static Path modelJson() {
        return SharedData.require("data/models/rvm/rvm.json");
    }

    /** e.g. {@code tensor("s_72x128_r0.5", "pha")} or {@code tensor("seq_r0.5_t1", "r2o")}, as NCHW. */
    public static Tensor tensor(String caseName, String what) throws IOException {
        Path f = dir().resolve(caseName + "_" + what + ".npy");
        if (!Files.exists(f)) {
            throw new IOException("no oracle file " + f);
        }
        Tensor t = Npy.read(f);
        return t.rank() == 4 ? Npy.toNchw(t) : t;
    }

    /** The downsample ratio of a case, from its name. */
    public static float ratio(String caseName) {
        int r = caseName.indexOf("_r");
        String s = caseName.substring(r + 2);
        int end = s.indexOf('_');
        return Float.parseFloat(end < 0 ? s : s.substring(0, end));
    }

    public static float maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
        }
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
