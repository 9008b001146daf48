package org.facemat.media.out;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.facemat.io.AtomicFile;
import org.facemat.media.Ffmpeg;
import org.facemat.media.FramePattern;

/**
 * 16-bit images, one file per frame, named from a pattern ({@code matte.%04d.png} or {@code matte.####.png}) with the
 * source frame number. Each file is written under a temporary name ({@link AtomicFile}) and renamed when complete. Not thread-safe.
 */
public abstract class SequenceWriter implements AutoCloseable {
    /** Channels of each image. */
    public enum Channels {
        /** one 16-bit grey channel (the matte, or any single plane) */
        GREY,
        /** 16-bit RGB plus 16-bit alpha (straight, not premultiplied) */
        RGBA
    }

    private final FramePattern pattern;
    private final int width;
    private final int height;
    private final Channels channels;
    private final ByteOrder order;
    private final String codecName;
    private AVCodecContext enc;
    private AVFrame frame;
    private final AVPacket pkt = av_packet_alloc();
    private final short[] row;

    SequenceWriter(Path pattern, int width, int height, Channels channels, int codecId, int greyFormat,
                   int rgbaFormat, ByteOrder order, Map<String, String> options) throws IOException {
        Ffmpeg.init();
        try {
            this.pattern = FramePattern.parse(pattern);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (width <= 0 || height <= 0) {
            throw new IOException(pattern + ": bad picture size " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.order = order;
        this.row = new short[4 * width];
        int format = channels == Channels.GREY ? greyFormat : rgbaFormat;
        AVCodec codec = avcodec_find_encoder(codecId);
        this.codecName = codec == null ? "image" : codec.name().getString();
        if (codec == null) {
            throw new IOException(pattern + ": FFmpeg has no " + avcodec_get_name(codecId).getString() + " encoder");
        }
        try {
            Files.createDirectories(this.pattern.folder());
        } catch (IOException e) {
            throw new IOException(pattern + ": cannot create the folder " + this.pattern.folder() + " ("
                    + AtomicFile.describe(e) + ")", e);
        }
        enc = avcodec_alloc_context3(codec);
        enc.width(width);
        enc.height(height);
        enc.pix_fmt(format);
        enc.time_base(new org.bytedeco.ffmpeg.avutil.AVRational().num(1).den(25));
        if (channels == Channels.GREY) {
            enc.color_trc(AVCOL_TRC_LINEAR); // a matte is data: no display curve (PNG: gAMA 1.0, no sRGB chunk)
        }
        enc.thread_count(1);
        for (Map.Entry<String, String> e : options.entrySet()) {
            av_opt_set(enc.priv_data(), e.getKey(), e.getValue(), 0);
        }
        int r = avcodec_open2(enc, codec, (AVDictionary) null);
        if (r < 0) {
            avcodec_free_context(enc);
            enc = null;
            throw new IOException(pattern + ": cannot open the " + codecName + " encoder (" + Ffmpeg.error(r) + ")");
        }
        frame = av_frame_alloc();
        frame.format(format);
        frame.width(width);
        frame.height(height);
        if (channels == Channels.GREY) {
            frame.color_trc(AVCOL_TRC_LINEAR);
        }
        r = av_frame_get_buffer(frame, 0);
        if (r < 0) {
            close();
            throw new IOException(pattern + ": cannot allocate a picture (" + Ffmpeg.error(r) + ")");
        }
    }

    /** The file of frame {@code frameNumber}. */
    public Path pathFor(long frameNumber) {
        return pattern.path(frameNumber);
    }

    /** True when the file of frame {@code frameNumber} is already complete on disk (for resuming a render). */
    public boolean exists(long frameNumber) {
        return Files.isRegularFile(pathFor(frameNumber));
    }

    public Channels channels() {
        return channels;
    }

    /** Writes one grey plane ({@code width * height}, values in [0, 1]) as frame {@code frameNumber}. */
    public Path write(long frameNumber, float[] grey) throws IOException {
        Path target = pathFor(frameNumber);
        if (channels != Channels.GREY) {
            return write(frameNumber, null, grey);
        }
        check(target, grey, width * height, "plane");
        Samples.fillPacked16(writable(target), 1, order, width, height, null, grey, row);
        return store(target, frameNumber);
    }

    /**
     * Writes planar RGB ({@code 3 * width * height}; null: grey from {@code alpha}) and alpha as frame
     * {@code frameNumber}. A {@link Channels#GREY} writer stores {@code alpha} only.
     */
    public Path write(long frameNumber, float[] rgb, float[] alpha) throws IOException {
        Path target = pathFor(frameNumber);
        check(target, alpha, width * height, "alpha");
        if (channels == Channels.GREY) {
            return write(frameNumber, alpha);
        }
        if (rgb != null) {
            check(target, rgb, 3 * width * height, "rgb");
        }
        Samples.fillPacked16(writable(target), 4, order, width, height, rgb, alpha, row);
        return store(target, frameNumber);
    }

    private void check(Path target, float[] a, int n, String what) throws IOException {
        if (a == null || a.length != n) {
            throw new IOException(target + ": " + what + " has " + (a == null ? 0 : a.length) + " values, expected "
                    + n + " (" + width + "x" + height + ")");
        }
    }

    private AVFrame writable(Path target) throws IOException {
        if (enc == null) {
            throw new IOException(target + ": writer is closed");
        }
        int r = av_frame_make_writable(frame);
        if (r < 0) {
            throw new IOException(target + ": cannot get a picture buffer (" + Ffmpeg.error(r) + ")");
        }
        return frame;
    }

    private Path store(Path target, long frameNumber) throws IOException {
        frame.pts(frameNumber);
        int r = avcodec_send_frame(enc, frame);
        if (r < 0) {
            throw new IOException(target + ": cannot encode (" + Ffmpeg.error(r) + ")");
        }
        r = avcodec_receive_packet(enc, pkt);
        if (r < 0) {
            throw new IOException(target + ": the " + codecName + " encoder returned no image (" + Ffmpeg.error(r)
                    + ")");
        }
        byte[] bytes = new byte[pkt.size()];
        pkt.data().get(bytes);
        av_packet_unref(pkt);
        AtomicFile.write(target, bytes);
        return target.toAbsolutePath();
    }

    @Override
    public void close() {
        if (enc != null) {
            avcodec_free_context(enc);
            enc = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        av_packet_free(pkt);
    }
}
