package org.facemat.ofx;

/** A failure the host's user must read: posted through the message suite, the action returns kOfxStatFailed. */
final class OfxFailure extends Exception {
    OfxFailure(String message) {
        super(message);
    }

    OfxFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
