package org.facemat.media.exr;

/**
 * A file read by {@link ExrReader#read}: its header and its pixels, one float array per channel in file order.
 *
 * @param header every attribute of the header
 * @param image the data window's pixels; channel types are the file's
 */
public record ExrFile(ExrHeader header, ExrImage image) {
}
