package org.facemat.ofx;

/** The "Output" choice, by its index in the host's choice list (the order the shim defines them in). */
enum OutputMode {
    /** RGBA: RGB = the source, A = the matte (straight alpha). */
    MATTE_IN_ALPHA,
    /** RGBA: R = G = B = the uncertainty, A = 1. */
    UNCERTAINTY,
    /** Alpha: the matte only (offered when the host takes Alpha images). */
    ALPHA_ONLY;

    static OutputMode ofIndex(int i) {
        OutputMode[] all = values();
        return i >= 0 && i < all.length ? all[i] : MATTE_IN_ALPHA;
    }
}
