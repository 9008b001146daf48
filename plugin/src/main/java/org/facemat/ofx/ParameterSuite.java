package org.facemat.ofx;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;

/**
 * The host's parameter suite (OfxParameterSuite v1); members in the specification's order. The value getters are
 * variadic in C; only pointer arguments follow the fixed ones here, which the x86-64 and AArch64 calling
 * conventions pass the same way as for a fixed-argument call.
 */
@Structure.FieldOrder({"paramDefine", "paramGetHandle", "paramSetGetPropertySet", "paramGetPropertySet",
        "paramGetValue", "paramGetValueAtTime", "paramGetDerivative", "paramGetIntegral", "paramSetValue",
        "paramSetValueAtTime", "paramGetNumKeys", "paramGetKeyTime", "paramGetKeyIndex", "paramDeleteKey",
        "paramDeleteAllKeys", "paramCopy", "paramEditBegin", "paramEditEnd"})
public final class ParameterSuite extends Structure {
    public interface GetHandle extends Callback {
        int invoke(Pointer paramSet, String name, PointerByReference param, PointerByReference props);
    }

    public interface GetValue extends Callback {
        int invoke(Pointer param, Pointer value);
    }

    public interface GetValueAtTime extends Callback {
        int invoke(Pointer param, double time, Pointer value);
    }

    /** A member this plug-in does not call. */
    public interface Unused extends Callback {
        void invoke();
    }

    public Unused paramDefine;
    public GetHandle paramGetHandle;
    public Unused paramSetGetPropertySet;
    public Unused paramGetPropertySet;
    public GetValue paramGetValue;
    public GetValueAtTime paramGetValueAtTime;
    public Unused paramGetDerivative;
    public Unused paramGetIntegral;
    public Unused paramSetValue;
    public Unused paramSetValueAtTime;
    public Unused paramGetNumKeys;
    public Unused paramGetKeyTime;
    public Unused paramGetKeyIndex;
    public Unused paramDeleteKey;
    public Unused paramDeleteAllKeys;
    public Unused paramCopy;
    public Unused paramEditBegin;
    public Unused paramEditEnd;

    public ParameterSuite(Pointer p) {
        super(p);
        read();
    }
}
