package org.facemat.ofx;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

/** The host's memory suite (OfxMemorySuite v1). Fetched with the others; the plug-in's buffers are Java arrays. */
@Structure.FieldOrder({"memoryAlloc", "memoryFree"})
public final class MemorySuite extends Structure {
    public interface Alloc extends Callback {
        int invoke(Pointer handle, long bytes, PointerByReference data);
    }

    public interface Free extends Callback {
        int invoke(Pointer data);
    }

    public Alloc memoryAlloc;
    public Free memoryFree;

    public MemorySuite(Pointer p) {
        super(p);
        read();
    }
}
