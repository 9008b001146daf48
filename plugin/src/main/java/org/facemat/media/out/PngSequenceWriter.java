package org.facemat.media.out;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_PNG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY16BE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA64BE;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/** 16-bit PNG per frame (grey, or RGBA with straight alpha), e.g. {@code matte.%04d.png}. */
public final class PngSequenceWriter extends SequenceWriter {
    public PngSequenceWriter(Path pattern, int width, int height, Channels channels) throws IOException {
        super(pattern, width, height, channels, AV_CODEC_ID_PNG, AV_PIX_FMT_GRAY16BE, AV_PIX_FMT_RGBA64BE,
                ByteOrder.BIG_ENDIAN, Map.of());
    }
}
