package org.facemat.ofx;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/** One host property set, read and written through the host's property suite. */
final class Props {
    private final PropertySuite suite;
    final Pointer handle;

    Props(PropertySuite suite, Pointer handle) {
        this.suite = suite;
        this.handle = handle;
    }

    int getInt(String name, int index, int fallback) {
        IntByReference v = new IntByReference();
        return suite.propGetInt.invoke(handle, name, index, v) == OfxStatus.OK ? v.getValue() : fallback;
    }

    double getDouble(String name, int index, double fallback) {
        DoubleByReference v = new DoubleByReference();
        return suite.propGetDouble.invoke(handle, name, index, v) == OfxStatus.OK ? v.getValue() : fallback;
    }

    String getString(String name, int index, String fallback) {
        PointerByReference v = new PointerByReference();
        if (suite.propGetString.invoke(handle, name, index, v) != OfxStatus.OK || v.getValue() == null) {
            return fallback;
        }
        return v.getValue().getString(0, "UTF-8");
    }

    Pointer getPointer(String name, int index) {
        PointerByReference v = new PointerByReference();
        return suite.propGetPointer.invoke(handle, name, index, v) == OfxStatus.OK ? v.getValue() : null;
    }

    /** {@code n} doubles, or null when the host does not have the property. */
    double[] getDoubles(String name, int n) {
        double[] v = new double[n];
        return suite.propGetDoubleN.invoke(handle, name, n, v) == OfxStatus.OK ? v : null;
    }

    /** {@code n} ints (the host fills a native array; JNA copies it back), or null. */
    int[] getInts(String name, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            IntByReference r = new IntByReference();
            if (suite.propGetInt.invoke(handle, name, i, r) != OfxStatus.OK) {
                return null;
            }
            v[i] = r.getValue();
        }
        return v;
    }

    int dimension(String name) {
        IntByReference v = new IntByReference();
        return suite.propGetDimension.invoke(handle, name, v) == OfxStatus.OK ? v.getValue() : 0;
    }

    boolean contains(String name, String value) {
        int n = dimension(name);
        for (int i = 0; i < n; i++) {
            if (value.equals(getString(name, i, null))) {
                return true;
            }
        }
        return false;
    }
}
