package org.facemat.media.out;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_PNG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY16BE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA64BE;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * 16-bit PNG per frame (grey, or RGBA with straight alpha, as PNG defines alpha), e.g. {@code matte.%04d.png}. A grey
 * image is tagged as data: {@code gAMA} of 1.0 (linear), no {@code sRGB} or {@code iCCP} chunk; every image carries a
 * {@code pHYs} of {@value #PIXELS_PER_METRE} pixels per metre (72 dpi) instead of an undefined one.
 */
public final class PngSequenceWriter extends SequenceWriter {
    /** 72 dpi in pixels per metre (72 / 0.0254, rounded). */
    public static final int PIXELS_PER_METRE = 2835;

    public PngSequenceWriter(Path pattern, int width, int height, Channels channels) throws IOException {
        super(pattern, width, height, channels, AV_CODEC_ID_PNG, AV_PIX_FMT_GRAY16BE, AV_PIX_FMT_RGBA64BE,
                ByteOrder.BIG_ENDIAN, Map.of("dpm", Integer.toString(PIXELS_PER_METRE)));
    }
}
