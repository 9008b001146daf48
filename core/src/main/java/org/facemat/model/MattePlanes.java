package org.facemat.model;

/** One frame's network output at full resolution: alpha and its standard deviation, row-major H x W. */
public record MattePlanes(int height, int width, float[] alpha, float[] uncertainty) {
}
