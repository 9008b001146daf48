package org.facemat.media;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.facemat.media.exr.ExrFormatException;
import org.facemat.media.exr.ExrReader;

/** Decodes one image file (PNG, OpenEXR, TIFF, JPEG, DPX, ...) with FFmpeg's image decoders, by file extension. */
final class StillDecoder implements AutoCloseable {
    private final Map<Integer, AVCodecContext> contexts = new HashMap<>();
    private final AVPacket pkt = av_packet_alloc();
    final AVFrame picture = av_frame_alloc();

    /** The FFmpeg codec for an image file extension, or -1. */
    static int codecFor(String extension) {
        return switch (extension.toLowerCase(Locale.ROOT)) {
            case "png" -> AV_CODEC_ID_PNG;
            case "exr" -> AV_CODEC_ID_EXR;
            case "tif", "tiff" -> AV_CODEC_ID_TIFF;
            case "jpg", "jpeg" -> AV_CODEC_ID_MJPEG;
            case "dpx" -> AV_CODEC_ID_DPX;
            case "bmp" -> AV_CODEC_ID_BMP;
            case "tga" -> AV_CODEC_ID_TARGA;
            case "webp" -> AV_CODEC_ID_WEBP;
            default -> -1;
        };
    }

    /**
     * Decodes {@code file} into {@link #picture}.
     *
     * @return null on success, else the problem
     */
    String decode(Path file, String extension) {
        String problem = decodeWithFfmpeg(file, extension);
        if (problem != null && extension.equals("exr")) {
            // FFmpeg says "Invalid argument" of a damaged EXR: the product's own reader says what is wrong
            try {
                ExrReader.verify(file);
            } catch (ExrFormatException e) {
                String m = e.getMessage();
                String prefix = "Invalid EXR file " + file + ": ";
                return "not a valid OpenEXR file: " + (m.startsWith(prefix) ? m.substring(prefix.length()) : m);
            } catch (IOException e) {
                return problem;
            }
        }
        return problem;
    }

    private String decodeWithFfmpeg(Path file, String extension) {
        int id = codecFor(extension);
        if (id < 0) {
            return "not an image format this reader knows (." + extension + ")";
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return "cannot read the file (" + e.getMessage() + ")";
        }
        if (bytes.length == 0) {
            return "empty file (0 bytes)";
        }
        AVCodecContext ctx = contexts.get(id);
        if (ctx == null) {
            AVCodec codec = avcodec_find_decoder(id);
            if (codec == null) {
                return "no decoder for " + avcodec_get_name(id).getString();
            }
            ctx = avcodec_alloc_context3(codec);
            ctx.thread_count(Math.min(16, Runtime.getRuntime().availableProcessors()));
            ctx.thread_type(MovieSource.FF_THREAD_SLICE);
            int r = avcodec_open2(ctx, codec, (AVDictionary) null);
            if (r < 0) {
                avcodec_free_context(ctx);
                return "cannot open the " + codec.name().getString() + " decoder (" + Ffmpeg.error(r) + ")";
            }
            contexts.put(id, ctx);
        }
        int r = av_new_packet(pkt, bytes.length);
        if (r < 0) {
            return "out of memory (" + Ffmpeg.error(r) + ")";
        }
        pkt.data().put(bytes, 0, bytes.length);
        pkt.flags(pkt.flags() | AV_PKT_FLAG_KEY);
        try {
            r = avcodec_send_packet(ctx, pkt);
            if (r < 0) {
                return "cannot decode (" + Ffmpeg.error(r) + ")";
            }
            r = avcodec_receive_frame(ctx, picture);
            if (r == AVERROR_EAGAIN()) {
                avcodec_send_packet(ctx, null);
                r = avcodec_receive_frame(ctx, picture);
            }
            if (r < 0) {
                return "cannot decode (" + Ffmpeg.error(r) + ")";
            }
            if ((picture.flags() & MovieSource.AV_FRAME_FLAG_CORRUPT) != 0 || picture.decode_error_flags() != 0) {
                return "corrupt picture (the decoder reported errors)";
            }
            return null;
        } finally {
            av_packet_unref(pkt);
            avcodec_flush_buffers(ctx);
        }
    }

    @Override
    public void close() {
        for (AVCodecContext c : contexts.values()) {
            avcodec_free_context(c);
        }
        contexts.clear();
        av_packet_free(pkt);
        av_frame_free(picture);
    }
}
