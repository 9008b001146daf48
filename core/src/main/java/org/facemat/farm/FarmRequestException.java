package org.facemat.farm;

/** A farm request that cannot be planned as given (a bad option value, a name a scheduler refuses): a usage error. */
public final class FarmRequestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FarmRequestException(String message) {
        super(message);
    }
}
