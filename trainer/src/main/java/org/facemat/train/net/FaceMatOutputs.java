package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Everything one forward pass of {@link FaceMatNetwork} produces.
 *
 * @param alpha       [B,1,H,W] in [0,1]
 * @param sigma       [B,1,H,W] >= 0, the standard deviation of alpha
 * @param states      r1o..r4o, unclamped, to feed back as r1..r4 for the next frame
 * @param fgr         [B,3,H,W] foreground colour in [0,1]
 * @param fgrResidual [B,3,h,w] foreground residual at the working resolution, before the guided filter
 * @param rawAlpha    [B,1,h,w] alpha at the working resolution before the guided filter and the clamp
 * @param lowSigma    [B,1,h,w] sigma at the working resolution before the guided filter
 */
public record FaceMatOutputs(NDArray alpha, NDArray sigma, NDList states, NDArray fgr, NDArray fgrResidual,
                             NDArray rawAlpha, NDArray lowSigma) {

    /** The network's output list: alpha, sigma, r1o, r2o, r3o, r4o, fgr. */
    public NDList toNDList() {
        NDList out = new NDList(alpha, sigma);
        out.addAll(states);
        out.add(fgr);
        return out;
    }
}
