package org.facemat.ofx;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

/** The host's image effect suite (OfxImageEffectSuite v1); members in the specification's order. */
@Structure.FieldOrder({"getPropertySet", "getParamSet", "clipDefine", "clipGetHandle", "clipGetPropertySet",
        "clipGetImage", "clipReleaseImage", "clipGetRegionOfDefinition", "abort", "imageMemoryAlloc",
        "imageMemoryFree", "imageMemoryLock", "imageMemoryUnlock"})
public final class ImageEffectSuite extends Structure {
    public interface HandleOut extends Callback {
        int invoke(Pointer handle, PointerByReference out);
    }

    public interface NamedHandleOut extends Callback {
        int invoke(Pointer handle, String name, PointerByReference out);
    }

    public interface ClipGetHandle extends Callback {
        int invoke(Pointer effect, String name, PointerByReference clip, PointerByReference props);
    }

    /** {@code region} may be null: the whole region of interest. */
    public interface ClipGetImage extends Callback {
        int invoke(Pointer clip, double time, Pointer region, PointerByReference image);
    }

    public interface HandleIn extends Callback {
        int invoke(Pointer handle);
    }

    public interface ClipGetRoD extends Callback {
        int invoke(Pointer clip, double time, double[] rect);
    }

    public interface MemoryAlloc extends Callback {
        int invoke(Pointer effect, long bytes, PointerByReference memory);
    }

    public HandleOut getPropertySet;
    public HandleOut getParamSet;
    public NamedHandleOut clipDefine;
    public ClipGetHandle clipGetHandle;
    public HandleOut clipGetPropertySet;
    public ClipGetImage clipGetImage;
    public HandleIn clipReleaseImage;
    public ClipGetRoD clipGetRegionOfDefinition;
    public HandleIn abort;
    public MemoryAlloc imageMemoryAlloc;
    public HandleIn imageMemoryFree;
    public HandleOut imageMemoryLock;
    public HandleIn imageMemoryUnlock;

    public ImageEffectSuite(Pointer p) {
        super(p);
        read();
    }
}
