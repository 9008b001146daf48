package org.facemat.train.export;

import static org.facemat.net.onnx.GraphBuilder.floatAttr;
import static org.facemat.net.onnx.GraphBuilder.intAttr;
import static org.facemat.net.onnx.GraphBuilder.intsAttr;
import static org.facemat.net.onnx.GraphBuilder.stringAttr;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Arrays;
import java.util.List;
import org.facemat.net.BackboneLayer;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.onnx.GraphBuilder;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;

/**
 * A speed reference only: the RVM network as a straightforward export writes it (the measurement in
 * rvm-tfjs-facts section 9): channel concatenations before the decoder convs, all four project_mat channels, the
 * fast guided filter on foreground and alpha (4 channels) at every frame, foreground output, no uncertainty head.
 * Same inputs as the FaceMat model; outputs fgr, pha and the states. Timing both models in turn on the same machine
 * gives a comparison that does not depend on how busy the machine is.
 */
final class RvmReferenceGraph {
    private final WeightSet w;
    private final GraphBuilder g = new GraphBuilder("rvm_reference");

    private RvmReferenceGraph(WeightSet w) {
        this.w = w;
    }

    static ModelProto build(WeightSet w) {
        RvmReferenceGraph r = new RvmReferenceGraph(w);
        r.graph();
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(8).setProducerName("reference")
                .setGraph(r.g.build());
        m.addOpsetImportBuilder().setDomain("").setVersion(17);
        return m.build();
    }

    private void graph() {
        String src = g.input("src", 1, 3, "H", "W");
        String sm = g.input("src_sm", 1, 3, "h", "w");
        String[] r = new String[4];
        for (int i = 0; i < 4; i++) {
            r[i] = g.input("r" + (i + 1) + "i", 1, FaceMatArchitecture.STATE_CHANNELS[i], "a" + i, "b" + i);
        }
        String x = g.mul("norm", g.sub("c", sm, param(FaceMatArchitecture.MEAN, 1, 3, 1, 1)),
                param(FaceMatArchitecture.INV_STD, 1, 3, 1, 1));
        x = hs(conv("backbone.features.0.0", x, 2, 1, 1, 1));
        String[] f = new String[3];
        for (BackboneLayer l : FaceMatArchitecture.BACKBONE) {
            String in = x;
            String b = l.prefix();
            if (l.hasExpand()) {
                x = act(l, conv(b + "0.0", x, 1, 0, 1, 1));
            }
            x = act(l, conv(b + l.depthwiseSlot() + ".0", x, l.stride(), l.padding(), l.dilation(), l.expanded()));
            if (l.hasSe()) {
                String s = g.op("GlobalAveragePool", "gap", List.of(x));
                s = g.relu("r", conv(b + l.seSlot() + ".fc1", s, 1, 0, 1, 1));
                s = g.op("HardSigmoid", "hsig", List.of(conv(b + l.seSlot() + ".fc2", s, 1, 0, 1, 1)),
                        floatAttr("alpha", 1f / 6f), floatAttr("beta", 0.5f));
                x = g.mul("se", x, s);
            }
            x = conv(b + l.projectSlot() + ".0", x, 1, 0, 1, 1);
            if (l.residual()) {
                x = g.add("res", x, in);
            }
            if (l.index() == FaceMatArchitecture.F1) {
                f[0] = x;
            } else if (l.index() == FaceMatArchitecture.F2) {
                f[1] = x;
            } else if (l.index() == FaceMatArchitecture.F3) {
                f[2] = x;
            }
        }
        String f4 = hs(conv("backbone.features.16.0", x, 1, 0, 1, 1));
        String a = g.relu("a", conv("aspp.aspp1.0", f4, 1, 0, 1, 1));
        String gate = g.op("Sigmoid", "gate", List.of(conv("aspp.aspp2.1",
                g.op("GlobalAveragePool", "gap", List.of(f4)), 1, 0, 1, 1)));
        String f4a = g.mul("aspp", a, gate);
        String s1 = pool(sm);
        String s2 = pool(s1);
        String s3 = pool(s2);
        String[] ab = g.halves("split", f4a);
        String[] outs = new String[4];
        outs[3] = gru("decoder.decode4.gru", ab[1], r[3], "r4o");
        String x4 = g.concat("x4", ab[0], outs[3]);
        String x3 = block("decoder.decode3", x4, f[2], s3, r[2], "r3o");
        String x2 = block("decoder.decode2", x3, f[1], s2, r[1], "r2o");
        String x1 = block("decoder.decode1", x2, f[0], s1, r[0], "r1o");
        String h = g.relu("d0", conv("decoder.decode0.conv.0", g.concat("cat0", up(x1, sm), sm), 1, 1, 1, 1));
        h = g.relu("d0b", conv("decoder.decode0.conv.3", h, 1, 1, 1, 1));
        String[] fp = g.splitChannels("proj", conv("project_mat.conv", h, 1, 0, 1, 1), 3, 1);

        // fast guided filter on all four channels, every frame
        String lrX = g.concat("lr_x", sm, g.op("ReduceMean", "m", List.of(sm), intsAttr("axes", 1)));
        String lrY = g.concat("lr_y", fp[0], fp[1]);
        String meanX = box(lrX);
        String meanY = box(lrY);
        String cov = g.sub("cov", box(g.mul("xy", lrX, lrY)), g.mul("mxy", meanX, meanY));
        String var = g.add("var", box(g.mul("xx", lrX, lrX)),
                g.sub("e", g.scalar(FaceMatArchitecture.GUIDED_FILTER_EPS), g.mul("mx2", meanX, meanX)));
        String bigA = g.div("A", cov, var);
        String bigB = g.sub("b", meanY, g.mul("Am", bigA, meanX));
        String size = g.op("Shape", "size", List.of(src), intAttr("start", 2), intAttr("end", 4));
        String sizes = g.op("Concat", "sizes", List.of(g.ints("b4", 1, 4), size), intAttr("axis", 0));
        String hrX = g.concat("hr_x", src, g.op("ReduceMean", "m", List.of(src), intsAttr("axes", 1)));
        String out = g.add("out", g.mul("Ax", resize(bigA, sizes), hrX), resize(bigB, sizes));
        String[] fo = g.splitChannels("fo", out, 3, 1);
        g.opNamed("Clip", "fgr", List.of(g.add("fgr_sum", fo[0], src), g.scalar(0f), g.scalar(1f)));
        g.opNamed("Clip", "pha", List.of(fo[1], g.scalar(0f), g.scalar(1f)));
        g.output("fgr");
        g.output("pha");
        for (int i = 0; i < 4; i++) {
            g.output("r" + (i + 1) + "o");
        }
    }

    private String block(String p, String coarse, String skip, String s, String r, String out) {
        String x = g.relu("d", conv(p + ".conv.0", g.concat("cat", up(coarse, s), skip, s), 1, 1, 1, 1));
        String[] ab = g.halves("split", x);
        return g.concat("x", ab[0], gru(p + ".gru", ab[1], r, out));
    }

    private String gru(String p, String x, String h, String out) {
        String[] rz = g.halves("rz", g.op("Sigmoid", "s", List.of(conv(p + ".ih.0", g.concat("xh", x, h), 1, 1, 1,
                1))));
        String c = g.op("Tanh", "t", List.of(conv(p + ".hh.0", g.concat("xrh", x, g.mul("rh", rz[0], h)), 1, 1, 1,
                1)));
        String keep = g.mul("k", g.sub("1mz", g.scalar(1f), rz[1]), h);
        return g.opNamed("Add", out, List.of(keep, g.mul("u", rz[1], c)));
    }

    private String up(String x, String like) {
        String u = g.op("Resize", "up", List.of(x, "", g.floats("x2", new long[] {4}, 1f, 1f, 2f, 2f)),
                stringAttr("mode", "linear"), stringAttr("coordinate_transformation_mode", "half_pixel"));
        String end = g.op("Shape", "sz", List.of(like), intAttr("start", 2), intAttr("end", 4));
        return g.op("Slice", "crop", List.of(u, g.ints("z", 0, 0), end, g.ints("ax", 2, 3)));
    }

    private String resize(String x, String sizes) {
        return g.op("Resize", "rs", List.of(x, "", "", sizes), stringAttr("mode", "linear"),
                stringAttr("coordinate_transformation_mode", "half_pixel"));
    }

    private String box(String x) {
        float[] t = new float[12];
        Arrays.fill(t, 1f / 3f);
        String v = g.conv("bv", x, g.floats("k31", new long[] {4, 1, 3, 1}, t), null, 3, 1, 1, 0, 1, 4);
        return g.conv("bh", v, g.floats("k13", new long[] {4, 1, 1, 3}, t), null, 1, 3, 1, 0, 1, 4);
    }

    private String pool(String x) {
        return g.op("AveragePool", "pool", List.of(x), intsAttr("kernel_shape", 2, 2), intsAttr("strides", 2, 2),
                intsAttr("pads", 0, 0, 1, 1), intAttr("count_include_pad", 0));
    }

    private String act(BackboneLayer l, String x) {
        return l.hardswish() ? hs(x) : g.relu("relu", x);
    }

    private String hs(String x) {
        return g.op("HardSwish", "hs", List.of(x));
    }

    private String param(String name, long... shape) {
        return g.initializer(name, w.get(name).reshape(shape));
    }

    private String conv(String p, String x, int stride, int pad, int dil, int group) {
        Tensor wt = w.get(p + ".weight");
        String b = w.contains(p + ".bias") ? g.initializer(p + ".bias", w.get(p + ".bias")) : null;
        return g.conv(p, x, g.initializer(p + ".weight", wt), b, (int) wt.dim(2), (int) wt.dim(3), stride, pad, dil,
                group);
    }
}
