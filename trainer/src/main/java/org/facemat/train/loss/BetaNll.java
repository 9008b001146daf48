package org.facemat.train.loss;

import org.facemat.train.nd.Scalars;

import ai.djl.ndarray.NDArray;

/**
 * The beta-weighted Gaussian negative log-likelihood (Seitzer et al., "On the pitfalls of heteroscedastic uncertainty
 * estimation"), per pixel
 *
 * <pre>  L = 0.5 * ((y - mu)^2 / s2 + log s2) * stopgrad(s2)^beta,   s2 = sigma^2 + VAR_FLOOR</pre>
 *
 * averaged over every element. {@code beta = 0.5}; the floor {@code 1e-6} on the variance (sigma &gt;= 1e-3 in effect)
 * keeps the log and the division finite where the network drives sigma to its own floor (1e-6, so sigma^2 = 1e-12).
 * The factor {@code stopgrad(s2)^beta} is a constant for back-propagation: it only rescales each pixel's gradient.
 *
 * <p>FaceMat's "NLL_alpha + NLL_u" is read as the two halves of this one likelihood: {@link #alphaTerm} holds sigma
 * fixed and trains alpha (an error weighted by {@code s2^(beta-1)}), {@link #uncertaintyTerm} holds alpha fixed and
 * trains sigma (per pixel its minimum is at {@code sigma^2 = (alpha - gt)^2}, i.e. sigma fits the detached
 * |alpha - gt|). With equal weights their sum has exactly the gradient of the joint NLL; separate weights let the two
 * heads be balanced. Shapes: any, as long as the three arrays match (or broadcast).
 */
public final class BetaNll {
    public static final float BETA = 0.5f;
    public static final float VAR_FLOOR = 1e-6f;

    private BetaNll() {
    }

    /** The joint beta-NLL with {@link #BETA} and {@link #VAR_FLOOR}; gradients reach both {@code mu} and {@code sigma}. */
    public static NDArray loss(NDArray mu, NDArray sigma, NDArray y) {
        return loss(mu, sigma, y, BETA, VAR_FLOOR);
    }

    /** The joint beta-NLL, mean over every element. */
    public static NDArray loss(NDArray mu, NDArray sigma, NDArray y, float beta, float varFloor) {
        NDArray s2 = sigma.square().add(varFloor);
        NDArray nll = Scalars.times(y.sub(mu).square().div(s2).add(s2.log()), 0.5f);
        if (beta != 0f) {
            nll = nll.mul(s2.stopGradient().pow(beta));
        }
        return nll.mean();
    }

    /** NLL_alpha: the beta-NLL with sigma detached, so only alpha learns from it. */
    public static NDArray alphaTerm(NDArray alpha, NDArray sigma, NDArray gt) {
        return loss(alpha, sigma.stopGradient(), gt);
    }

    /** NLL_u: the beta-NLL with alpha detached, so only sigma learns from it (sigma fits |alpha - gt|). */
    public static NDArray uncertaintyTerm(NDArray alpha, NDArray sigma, NDArray gt) {
        return loss(alpha.stopGradient(), sigma, gt);
    }
}
