package org.facemat.media.out;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_TIFF;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY16LE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA64LE;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * 16-bit TIFF per frame (grey, or RGBA with unassociated, i.e. straight, alpha), LZW-compressed, e.g.
 * {@code matte.####.tif}. Resolution {@value #DPI} dpi, unit inch. A grey image is a plain BlackIsZero grey image with no
 * colour profile: data, no curve.
 */
public final class TiffSequenceWriter extends SequenceWriter {
    /** The resolution written (XResolution, YResolution; ResolutionUnit inch). */
    public static final int DPI = 72;

    public TiffSequenceWriter(Path pattern, int width, int height, Channels channels) throws IOException {
        super(pattern, width, height, channels, AV_CODEC_ID_TIFF, AV_PIX_FMT_GRAY16LE, AV_PIX_FMT_RGBA64LE,
                ByteOrder.LITTLE_ENDIAN, Map.of("compression_algo", "lzw", "dpi", Integer.toString(DPI)));
    }
}
