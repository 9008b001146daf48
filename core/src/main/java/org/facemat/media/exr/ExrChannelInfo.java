package org.facemat.media.exr;

/**
 * One entry of a file's channel list ({@code chlist} attribute).
 *
 * @param name channel name
 * @param type sample type
 * @param pLinear the perceptually-linear hint (written as false)
 * @param xSampling horizontal subsampling (1 for every channel this package writes)
 * @param ySampling vertical subsampling (1 for every channel this package writes)
 */
public record ExrChannelInfo(String name, PixelType type, boolean pLinear, int xSampling, int ySampling) {
}
