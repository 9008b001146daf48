package org.facemat.net.onnx;

import static org.facemat.net.onnx.GraphBuilder.intAttr;
import static org.facemat.net.onnx.GraphBuilder.intsAttr;
import static org.facemat.net.onnx.GraphBuilder.stringAttr;

import java.util.Arrays;
import java.util.List;
import org.facemat.net.FaceMatArchitecture;

/**
 * The refiner of the RVM TFJS graph, a fast guided filter (radius 1, VALID 3x3 box, eps 1e-5) guided by the grey
 * level of the image, for the two maps FaceMat needs: raw alpha and sigma. The linear model (A, b) is fitted at the
 * working resolution, resized to full resolution and applied there: the grey of {@code src}, the Resizes of A and b
 * and one multiply-add are the only full-resolution work, on two channels instead of RVM's four.
 */
public final class FastGuidedFilter {
    private static final float THIRD = 1f / 3f;

    private FastGuidedFilter() {
    }

    /**
     * @param sizeFull   int64 [H, W] of {@code src}, the target of the Resize (a shape, as TensorRT wants)
     * @param planeShape int64 [1, 1, H, W]
     * @return names of alpha (clipped to [0, 1]) and uncertainty (clamped at 0), both [1,1,H,W]
     */
    public static String[] apply(GraphBuilder g, String src, String srcSm, String pha, String sigma, String sizeFull,
                          String planeShape) {
        // lr_x = grey(src_sm), lr_y = [pha, sigma]; all four box filters run as one 6-channel pass
        String lrX = grey(g, "fgf.lr_x", srcSm);
        String lrY = g.concat("fgf.lr_y", pha, sigma);
        String stack = g.concat("fgf.stack", lrX, lrY, g.mul("fgf.xy", lrX, lrY), g.mul("fgf.xx", lrX, lrX));
        String[] m = g.splitChannels("fgf.means", box(g, "fgf.box", stack, 6), 1, 2, 2, 1);
        String meanX = m[0];
        String meanY = m[1];
        String cov = g.sub("fgf.cov", m[2], g.mul("fgf.mxmy", meanX, meanY));
        String varEps = g.add("fgf.var_eps", m[3], g.sub("fgf.eps_mx2",
                g.scalar(FaceMatArchitecture.GUIDED_FILTER_EPS), g.mul("fgf.mx2", meanX, meanX)));
        String a = g.div("fgf.A", cov, varEps);
        String b = g.sub("fgf.b", meanY, g.mul("fgf.AmeanX", a, meanX));

        // (A, b) are (h-2, w-2); stretch them to (H, W) with sizes from Shape(src). Two 2-channel Resizes: ONNX
        // Runtime splits a channels-first Resize over channels, so each keeps both threads busy.
        String sizes = g.op("Concat", "fgf.sizes", List.of(g.ints("batch_2ch", 1, 2), sizeFull), intAttr("axis", 0));
        String aFull = resize(g, "fgf.A_full", a, sizes);
        String bFull = resize(g, "fgf.b_full", b, sizes);
        String out = g.add("fgf.out", g.mul("fgf.Ax", aFull, greyFull(g, src, planeShape)), bFull);
        String[] au = g.halves("fgf.out_split", out);
        String alpha = g.op("Clip", "fgf.alpha", List.of(au[0], g.scalar(0f), g.scalar(1f)));
        String uncertainty = g.relu("fgf.uncertainty", au[1]);
        return new String[] {alpha, uncertainty};
    }

    private static String resize(GraphBuilder g, String name, String x, String sizes) {
        return g.op("Resize", name, List.of(x, "", "", sizes),
                stringAttr("mode", "linear"),
                stringAttr("coordinate_transformation_mode", "half_pixel"));
    }

    /**
     * Channel mean of the full-resolution image as a [1,3] x [3,H*W] product: one streaming pass over src, measured
     * several times faster in ONNX Runtime than ReduceMean over the channel axis at 1080p.
     */
    private static String greyFull(GraphBuilder g, String src, String nchwShape) {
        String flat = g.op("Reshape", "fgf.src_flat", List.of(src, g.ints("shape_1_3_flat", 1, 3, -1)));
        String third = g.floats("channel_mean_weights", new long[] {1, 1, 3}, THIRD, THIRD, THIRD);
        String grey = g.op("MatMul", "fgf.hr_x_flat", List.of(third, flat));
        return g.op("Reshape", "fgf.hr_x", List.of(grey, nchwShape));
    }

    /** Channel mean, [1,3,h,w] -> [1,1,h,w]. */
    private static String grey(GraphBuilder g, String name, String rgb) {
        return g.op("ReduceMean", name, List.of(rgb), intsAttr("axes", 1), intAttr("keepdims", 1));
    }

    /**
     * 3x1 then 1x3 VALID mean per channel, as depthwise convs with taps 1/3 like the TFJS graph (measured no slower
     * than AveragePool 3x1 + 1x3, and the same arithmetic as the reference).
     */
    private static String box(GraphBuilder g, String name, String x, int channels) {
        float[] taps = new float[channels * 3];
        Arrays.fill(taps, THIRD);
        String kV = g.floats("box_3x1_" + channels, new long[] {channels, 1, 3, 1}, taps);
        String kH = g.floats("box_1x3_" + channels, new long[] {channels, 1, 1, 3}, taps);
        String v = g.conv(name + ".v", x, kV, null, 3, 1, 1, 0, 1, channels);
        return g.conv(name + ".h", v, kH, null, 1, 3, 1, 0, 1, channels);
    }
}
