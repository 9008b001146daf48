package org.facemat.ofx;

import java.nio.file.Path;
import java.util.Objects;
import org.facemat.model.Device;

/**
 * The parameter values one render uses.
 *
 * @param ratio   the downsample ratio, or null for the model's recommendation
 * @param model   the model file
 * @param preroll frames to run before a frame that does not follow the last one rendered
 * @param faces   track faces and matte each on its own crop (else the whole frame)
 */
record EffectSettings(OutputMode mode, boolean invert, Float ratio, Device device, Path model, int preroll,
                      boolean faces) {

    /** The settings that shape the network's output: a change means a new node (and a new recurrent state). */
    record Network(Path model, Device device, Float ratio, boolean faces) {
    }

    Network network() {
        return new Network(model, device, ratio, faces);
    }

    static Device deviceOfIndex(int i) {
        return switch (i) {
            case 1 -> Device.CPU;
            case 2 -> Device.CUDA;
            case 3 -> Device.TENSORRT;
            default -> Device.AUTO;
        };
    }

    EffectSettings {
        Objects.requireNonNull(mode);
        Objects.requireNonNull(device);
        Objects.requireNonNull(model);
    }
}
