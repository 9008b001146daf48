package org.facemat.ofx;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** The host's {@code OfxHost}: its property set and the function that hands out suites. */
@Structure.FieldOrder({"host", "fetchSuite"})
public final class HostStruct extends Structure {
    public interface FetchSuite extends Callback {
        Pointer invoke(Pointer hostProps, String suiteName, int version);
    }

    public Pointer host;
    public FetchSuite fetchSuite;

    public HostStruct(Pointer p) {
        super(p);
        read();
    }
}
