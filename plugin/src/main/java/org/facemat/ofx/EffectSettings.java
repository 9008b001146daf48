package org.facemat.ofx;

import java.nio.file.Path;
import java.util.Objects;
import org.facemat.media.ColorSpace;
import org.facemat.model.Device;

/**
 * The parameter values one render uses.
 *
 * @param ratio   the downsample ratio, or null for the model's recommendation
 * @param model   the model file
 * @param preroll frames to run before a frame that does not follow the last one rendered
 * @param faces   track faces and matte each on its own crop (else the whole frame)
 * @param colorSpace what the source's values are ({@link ColorSpace#AUTO}: the host's working space)
 * @param frameRate frames per second for smoothing face crops, or 0 for the host's clip frame rate
 */
record EffectSettings(OutputMode mode, boolean invert, Float ratio, Device device, Path model, int preroll,
                      boolean faces, ColorSpace colorSpace, double frameRate) {

    /** The settings that shape the network's output: a change means a new node (and a new recurrent state). */
    record Network(Path model, Device device, Float ratio, boolean faces, ColorSpace colorSpace, double frameRate) {
    }

    Network network() {
        return new Network(model, device, ratio, faces, colorSpace, frameRate);
    }

    /** The "Input colour space" choice: its options are {@link ColorSpace}'s values in order (AUTO first). */
    static ColorSpace colorSpaceOfIndex(int i) {
        ColorSpace[] all = ColorSpace.values();
        return i >= 0 && i < all.length ? all[i] : ColorSpace.AUTO;
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
        Objects.requireNonNull(colorSpace);
    }
}
