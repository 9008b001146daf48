package org.facemat.cli;

import java.util.Locale;
import org.facemat.model.Device;
import org.facemat.model.ExecutionProviders;

/**
 * The {@code --device} of a render: a device, and whether it is required. {@code cuda}, {@code tensorrt} and
 * {@code auto} fall back to the CPU (with a warning) when the GPU provider cannot start; {@code cuda!},
 * {@code tensorrt!}, {@code auto!} (a GPU, TensorRT or CUDA) or {@code --require-device} stop the render instead, with
 * exit code {@link ExitCode#DEVICE}, so that a farm does not run a GPU job for hours on a machine's CPU.
 */
record DeviceRequest(Device device, boolean strict) {

    static DeviceRequest parse(String text, boolean require) {
        String t = text.trim();
        boolean bang = t.endsWith("!");
        if (bang) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return new DeviceRequest(Device.parse(t), bang || require);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(ExitCode.USAGE, "unknown device '" + text + "' (use auto, cpu, cuda or tensorrt; a "
                    + "trailing ! refuses to fall back to the CPU, e.g. cuda!)");
        }
    }

    /** The device as the render's --device option writes it ({@code cuda!} when strict). */
    String text() {
        String d = device.name().toLowerCase(Locale.ROOT);
        return strict && device != Device.CPU ? d + "!" : d;
    }

    /**
     * Stops the render when the device is required and the session did not get it.
     *
     * @throws CliFailure with {@link ExitCode#DEVICE} and one line: what was asked, why it could not start
     */
    void check(ExecutionProviders.Choice got) {
        if (!strict) {
            return;
        }
        boolean ok = switch (device) {
            case CPU -> true;
            case CUDA -> got.provider().equals("cuda");
            case TENSORRT -> got.provider().equals("tensorrt");
            case AUTO -> !got.provider().equals("cpu");
        };
        if (!ok) {
            String why = got.notes().isEmpty() ? "it did not start" : String.join("; ", got.notes());
            throw new CliFailure(ExitCode.DEVICE, "--device " + text() + ": " + why + "; not falling back to the "
                    + "CPU (a required device: drop the ! or --require-device to allow the fallback)");
        }
    }
}
