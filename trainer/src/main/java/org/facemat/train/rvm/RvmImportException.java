package org.facemat.train.rvm;

/** A TFJS model file that cannot be imported; the message names the file and what is wrong with it. */
public class RvmImportException extends Exception {
    public RvmImportException(String message) {
        super(message);
    }

    public RvmImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
