package org.facemat.train.net;

import org.facemat.train.nd.Scalars;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * The parameter-free Fast Guided Filter of the RVM TFJS graph (radius 1), per channel:
 * <pre>
 * box(t)  = 1x3 VALID(3x1 VALID(t)), taps 1/3          -> (h-2) x (w-2)
 * A = (box(x*y) - box(x)box(y)) / (box(x*x) + (eps - box(x)^2));  b = box(y) - A box(x)
 * out = resize(A) * hr_x + resize(b)                    half-pixel bilinear to H x W
 * </pre>
 * The VALID box (no padding) differs from RVM's PyTorch master; the TFJS graph, whose outputs we match, uses it.
 * Every step is an NDArray op, so gradients flow to the low-resolution inputs.
 */
public final class FastGuidedFilter {
    private static final String ROWS = ":, :, {}:{}";
    private static final String COLS = ":, :, :, {}:{}";
    private static final String CHANNELS = ":, {}:{}";
    private static final float THIRD = 1f / 3f;

    private FastGuidedFilter() {
    }

    /**
     * @param lrX guide at the working resolution [B,C,h,w] (h, w >= 3)
     * @param lrY values to refine [B,C,h,w]
     * @param hrX guide at full resolution [B,C,H,W]
     * @return the refined values [B,C,H,W]
     */
    public static NDArray refine(NDArray lrX, NDArray lrY, NDArray hrX, float eps) {
        return refineGrouped(lrX, lrY, new long[] {lrX.getShape().get(1)}, new NDArray[] {hrX}, eps).get(0);
    }

    /**
     * The same filter when the channels come in groups that share one full-resolution guide (FaceMat: the three
     * colour channels guided by the colour image, then alpha and sigma both guided by the grey level): the
     * full-resolution guide is never assembled, which saves a pass over the largest maps.
     *
     * @param groups sizes of the channel groups (summing to C)
     * @param hrX    full-resolution guide per group, [B,1,H,W] (shared by the group) or [B,groupSize,H,W]
     * @return the refined values per group, [B,groupSize,H,W] each
     */
    public static NDList refineGrouped(NDArray lrX, NDArray lrY, long[] groups, NDArray[] hrX, float eps) {
        Shape lr = lrX.getShape();
        if (lr.get(2) < 3 || lr.get(3) < 3) {
            throw new IllegalArgumentException("the guided filter needs a working image of at least 3x3, got " + lr);
        }
        NDArray meanX = box(lrX);
        NDArray meanY = box(lrY);
        NDArray cov = box(lrX.mul(lrY)).sub(meanX.mul(meanY));
        NDArray varEps = box(lrX.mul(lrX)).add(meanX.mul(meanX).neg().add(eps));
        NDArray a = cov.div(varEps);
        NDArray b = meanY.sub(a.mul(meanX));
        Shape hr = hrX[0].getShape();
        long c = lr.get(1);
        // one resize call for A and b together
        NDArray ab = HalfPixelResize.bilinear(a.concat(b, 1), hr.get(2), hr.get(3));
        NDList out = new NDList(groups.length);
        long start = 0;
        for (int g = 0; g < groups.length; g++) {
            long end = start + groups[g];
            out.add(ab.get(CHANNELS, start, end).mul(hrX[g]).add(ab.get(CHANNELS, c + start, c + end)));
            start = end;
        }
        if (start != c) {
            throw new IllegalArgumentException("groups " + java.util.Arrays.toString(groups) + " do not add up to " + c);
        }
        return out;
    }

    /**
     * Separable 3x3 mean without padding: 3 rows then 3 columns, each {@code (a + b + c) * (1/3)}. The graph does
     * this as two depthwise convs with taps 1/3; slices and adds give the same up to float rounding and are several
     * times faster than a grouped conv on the CPU.
     */
    static NDArray box(NDArray x) {
        Shape s = x.getShape();
        long h = s.get(2);
        long w = s.get(3);
        NDArray v = Scalars.times(x.get(ROWS, 0, h - 2).add(x.get(ROWS, 1, h - 1)).add(x.get(ROWS, 2, h)), THIRD);
        return Scalars.times(v.get(COLS, 0, w - 2).add(v.get(COLS, 1, w - 1)).add(v.get(COLS, 2, w)), THIRD);
    }
}
