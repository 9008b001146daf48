package org.facemat.ofx;

import com.sun.jna.Callback;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/** The host's property suite (OfxPropertySuite v1); members in the specification's order. */
@Structure.FieldOrder({"propSetPointer", "propSetString", "propSetDouble", "propSetInt", "propSetPointerN",
        "propSetStringN", "propSetDoubleN", "propSetIntN", "propGetPointer", "propGetString", "propGetDouble",
        "propGetInt", "propGetPointerN", "propGetStringN", "propGetDoubleN", "propGetIntN", "propReset",
        "propGetDimension"})
public final class PropertySuite extends Structure {
    public interface SetPointer extends Callback {
        int invoke(Pointer props, String name, int index, Pointer value);
    }

    public interface SetString extends Callback {
        int invoke(Pointer props, String name, int index, String value);
    }

    public interface SetDouble extends Callback {
        int invoke(Pointer props, String name, int index, double value);
    }

    public interface SetInt extends Callback {
        int invoke(Pointer props, String name, int index, int value);
    }

    public interface SetN extends Callback {
        int invoke(Pointer props, String name, int count, Pointer values);
    }

    public interface GetPointer extends Callback {
        int invoke(Pointer props, String name, int index, PointerByReference value);
    }

    public interface GetDouble extends Callback {
        int invoke(Pointer props, String name, int index, DoubleByReference value);
    }

    public interface GetInt extends Callback {
        int invoke(Pointer props, String name, int index, IntByReference value);
    }

    public interface GetDoubleN extends Callback {
        int invoke(Pointer props, String name, int count, double[] values);
    }

    public interface GetN extends Callback {
        int invoke(Pointer props, String name, int count, Pointer values);
    }

    public interface Reset extends Callback {
        int invoke(Pointer props, String name);
    }

    public interface GetDimension extends Callback {
        int invoke(Pointer props, String name, IntByReference count);
    }

    public SetPointer propSetPointer;
    public SetString propSetString;
    public SetDouble propSetDouble;
    public SetInt propSetInt;
    public SetN propSetPointerN;
    public SetN propSetStringN;
    public SetN propSetDoubleN;
    public SetN propSetIntN;
    public GetPointer propGetPointer;
    public GetPointer propGetString;
    public GetDouble propGetDouble;
    public GetInt propGetInt;
    public GetN propGetPointerN;
    public GetN propGetStringN;
    public GetDoubleN propGetDoubleN;
    public GetN propGetIntN;
    public Reset propReset;
    public GetDimension propGetDimension;

    public PropertySuite(Pointer p) {
        super(p);
        read();
    }
}
