package org.facemat.ofx;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Reads one instance's parameters through the host's parameter suite; handles are looked up once. */
final class EffectParams {
    /** The largest pre-roll the parameter takes (FM_MAX_PREROLL in plugin/native/facemat_params.h). */
    static final int MAX_PREROLL = 100;

    private final HostSuites host;
    private final Pointer paramSet;
    private final Path shippedModel;
    private final Map<String, Pointer> handles = new HashMap<>();
    private final Memory value = new Memory(16);

    EffectParams(HostSuites host, Pointer effect, Path shippedModel) throws OfxFailure {
        this.host = host;
        this.shippedModel = shippedModel;
        PointerByReference out = new PointerByReference();
        if (host.effects.getParamSet.invoke(effect, out) != OfxStatus.OK || out.getValue() == null) {
            throw new OfxFailure("the host gave no parameter set for the instance");
        }
        this.paramSet = out.getValue();
    }

    synchronized EffectSettings read(double time) throws OfxFailure {
        OutputMode mode = OutputMode.ofIndex(intValue(OfxNames.PARAM_OUTPUT_MODE, time));
        boolean invert = intValue(OfxNames.PARAM_INVERT, time) != 0;
        boolean auto = intValue(OfxNames.PARAM_AUTO_RATIO, time) != 0;
        Float ratio = auto ? null : (float) doubleValue(OfxNames.PARAM_RATIO, time);
        if (ratio != null && !(ratio > 0f && ratio <= 1f)) {
            throw new OfxFailure("downsample ratio must be in (0, 1], got " + ratio);
        }
        String file = stringValue(OfxNames.PARAM_MODEL_FILE, time);
        Path model = file == null || file.isBlank() ? shippedModel : Path.of(file.trim());
        int preroll = Math.min(MAX_PREROLL, Math.max(0, intValue(OfxNames.PARAM_PREROLL, time)));
        boolean faces = intValue(OfxNames.PARAM_FACES, time) != 0;
        return new EffectSettings(mode, invert, ratio,
                EffectSettings.deviceOfIndex(intValue(OfxNames.PARAM_DEVICE, time)), model, preroll, faces,
                EffectSettings.colorSpaceOfIndex(intValue(OfxNames.PARAM_COLOR_SPACE, time)), frameRate(time));
    }

    private double frameRate(double time) throws OfxFailure {
        double r = doubleValue(OfxNames.PARAM_FRAME_RATE, time);
        return r > 0 && r < 10000 ? r : 0;
    }

    private Pointer handle(String name) throws OfxFailure {
        Pointer h = handles.get(name);
        if (h == null) {
            PointerByReference out = new PointerByReference();
            if (host.parameters.paramGetHandle.invoke(paramSet, name, out, null) != OfxStatus.OK
                    || out.getValue() == null) {
                throw new OfxFailure("the host has no parameter '" + name + "'");
            }
            h = out.getValue();
            handles.put(name, h);
        }
        return h;
    }

    private void fetch(String name, double time) throws OfxFailure {
        value.clear();
        if (host.parameters.paramGetValueAtTime.invoke(handle(name), time, value) != OfxStatus.OK) {
            throw new OfxFailure("cannot read parameter '" + name + "'");
        }
    }

    private int intValue(String name, double time) throws OfxFailure {
        fetch(name, time);
        return value.getInt(0);
    }

    private double doubleValue(String name, double time) throws OfxFailure {
        fetch(name, time);
        return value.getDouble(0);
    }

    private String stringValue(String name, double time) throws OfxFailure {
        fetch(name, time);
        Pointer s = value.getPointer(0);
        return s == null ? null : s.getString(0, "UTF-8");
    }
}
