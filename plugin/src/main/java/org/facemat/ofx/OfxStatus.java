package org.facemat.ofx;

/** The OpenFX status codes the Java side returns. */
final class OfxStatus {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int ERR_MEMORY = 8;
    static final int ERR_BAD_HANDLE = 9;
    static final int REPLY_DEFAULT = 14;

    private OfxStatus() {
    }
}
