package org.facemat.model;

import java.util.Locale;

/** Where the network runs. AUTO tries TensorRT, then CUDA, then the CPU. */
public enum Device {
    AUTO, CPU, CUDA, TENSORRT;

    public static Device parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown device '" + s + "' (use auto, cpu, cuda or tensorrt)");
        }
    }
}
