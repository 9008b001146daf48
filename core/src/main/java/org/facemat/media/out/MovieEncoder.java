package org.facemat.media.out;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.facemat.io.AtomicFile;
import org.facemat.media.Ffmpeg;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;

/**
 * One video stream encoded by FFmpeg and muxed into a file under a temporary name. The caller fills a planar float
 * RGB(A) input frame; swscale turns it into the encoder's Y'CbCr with the BT.709 matrix, limited range, and
 * the stream is tagged BT.709 (primaries, transfer, matrix).
 */
final class MovieEncoder {
    private final AtomicFile file;
    private final int width;
    private final int height;
    private AVFormatContext fmt;
    private AVCodecContext enc;
    private AVStream stream;
    private SwsContext sws;
    private AVFrame input;
    private AVFrame encoded;
    private final AVPacket pkt = av_packet_alloc();
    private long frames;
    private boolean headerWritten;
    private boolean done;
    private FrameRate rate;
    private AudioCopy audio;

    /**
     * @param muxer       FFmpeg muxer name ("mov", "mp4")
     * @param encoderName FFmpeg encoder name ("prores_ks", "libx264")
     * @param encFormat   the encoder's pixel format
     * @param inFormat    the planar float input format (gbrapf32le or gbrpf32le)
     * @param privOptions encoder private options (profile, crf, ...)
     * @param muxOptions  muxer options (movflags, ...)
     */
    MovieEncoder(Path target, String muxer, String encoderName, int encFormat, int inFormat, int width, int height,
                 FrameRate rate, Timecode timecode, Map<String, String> privOptions, Map<String, String> muxOptions)
            throws IOException {
        this(target, muxer, encoderName, encFormat, inFormat, width, height, rate, timecode, privOptions, muxOptions,
                null);
    }

    /** @param audioRange the input audio to copy into the movie, or null for none */
    MovieEncoder(Path target, String muxer, String encoderName, int encFormat, int inFormat, int width, int height,
                 FrameRate rate, Timecode timecode, Map<String, String> privOptions, Map<String, String> muxOptions,
                 AudioRange audioRange) throws IOException {
        Ffmpeg.init();
        this.file = new AtomicFile(target);
        this.width = width;
        this.height = height;
        this.rate = rate;
        try {
            open(muxer, encoderName, encFormat, inFormat, rate, timecode, privOptions, muxOptions);
            if (audioRange != null) {
                audio = AudioCopy.addTo(fmt, audioRange);
            }
            writeHeader(muxer, muxOptions);
        } catch (IOException | RuntimeException e) {
            release();
            file.abort();
            throw e instanceof IOException io ? io : new IOException(target + ": " + e.getMessage(), e);
        }
    }

    private IOException fail(String problem) {
        return new IOException(file.target() + ": " + problem);
    }

    private void open(String muxer, String encoderName, int encFormat, int inFormat, FrameRate rate,
                      Timecode timecode, Map<String, String> privOptions, Map<String, String> muxOptions)
            throws IOException {
        AVCodec codec = avcodec_find_encoder_by_name(encoderName);
        if (codec == null) {
            throw fail("FFmpeg has no " + encoderName + " encoder in this build");
        }
        fmt = new AVFormatContext(null);
        int r = avformat_alloc_output_context2(fmt, null, muxer, file.temp().toString());
        if (r < 0 || fmt.isNull()) {
            fmt = null;
            throw fail("cannot set up the " + muxer + " muxer (" + Ffmpeg.error(r) + ")");
        }
        enc = avcodec_alloc_context3(codec);
        enc.width(width);
        enc.height(height);
        enc.pix_fmt(encFormat);
        AVRational tb = new AVRational().num(rate.denominator()).den(rate.numerator());
        AVRational fr = new AVRational().num(rate.numerator()).den(rate.denominator());
        enc.time_base(tb);
        enc.framerate(fr);
        enc.sample_aspect_ratio(new AVRational().num(1).den(1));
        enc.color_primaries(AVCOL_PRI_BT709);
        enc.color_trc(AVCOL_TRC_BT709);
        enc.colorspace(AVCOL_SPC_BT709);
        enc.color_range(AVCOL_RANGE_MPEG);
        enc.thread_count(Math.min(16, Runtime.getRuntime().availableProcessors()));
        if ((fmt.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        for (Map.Entry<String, String> e : privOptions.entrySet()) {
            r = av_opt_set(enc.priv_data(), e.getKey(), e.getValue(), 0);
            if (r < 0) {
                throw fail(encoderName + " option " + e.getKey() + "=" + e.getValue() + " rejected ("
                        + Ffmpeg.error(r) + ")");
            }
        }
        r = avcodec_open2(enc, codec, (AVDictionary) null);
        if (r < 0) {
            throw fail("cannot open the " + encoderName + " encoder for " + width + "x" + height + " "
                    + Ffmpeg.pixelFormatName(encFormat) + " (" + Ffmpeg.error(r) + ")");
        }
        stream = avformat_new_stream(fmt, null);
        if (stream == null) {
            throw fail("cannot add a video stream");
        }
        r = avcodec_parameters_from_context(stream.codecpar(), enc);
        if (r < 0) {
            throw fail("cannot copy the encoder parameters (" + Ffmpeg.error(r) + ")");
        }
        stream.time_base(tb);
        stream.avg_frame_rate(fr);
        stream.r_frame_rate(fr);
        if (timecode != null) {
            timecode.toFrames(rate); // checks drop-frame against the rate
            AVDictionary sm = new AVDictionary(null);
            av_dict_set(sm, "timecode", timecode.text(), 0);
            stream.metadata(sm);
            AVDictionary fm = new AVDictionary(null);
            av_dict_set(fm, "timecode", timecode.text(), 0);
            fmt.metadata(fm);
        }
        input = frame(inFormat);
        encoded = frame(encFormat);
        sws = sws_getContext(width, height, inFormat, width, height, encFormat,
                SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP | SWS_FULL_CHR_H_INT, null, null,
                (DoublePointer) null);
        if (sws == null) {
            throw fail("cannot convert " + Ffmpeg.pixelFormatName(inFormat) + " to "
                    + Ffmpeg.pixelFormatName(encFormat));
        }
        sws_setColorspaceDetails(sws, sws_getCoefficients(SWS_CS_DEFAULT), 1, sws_getCoefficients(SWS_CS_ITU709), 0,
                0, 1 << 16, 1 << 16);
    }

    /** Opens the file and writes the header, once every stream is added. */
    private void writeHeader(String muxer, Map<String, String> muxOptions) throws IOException {
        AVIOContext pb = new AVIOContext(null);
        int r = avio_open(pb, file.temp().toString(), AVIO_FLAG_WRITE);
        if (r < 0) {
            throw fail("cannot create " + file.temp().getFileName() + " (" + Ffmpeg.error(r) + ")");
        }
        fmt.pb(pb);
        AVDictionary mo = new AVDictionary(null);
        for (Map.Entry<String, String> e : muxOptions.entrySet()) {
            av_dict_set(mo, e.getKey(), e.getValue(), 0);
        }
        r = avformat_write_header(fmt, mo);
        av_dict_free(mo);
        if (r < 0) {
            throw fail("cannot write the " + muxer + " header (" + Ffmpeg.error(r) + ")");
        }
        headerWritten = true;
    }

    /** Why the movie has no audio although it was asked for (the input has none, the container cannot hold it). */
    String audioSkipped() {
        return audio == null ? null : audio.skipped();
    }

    private AVFrame frame(int format) throws IOException {
        AVFrame f = av_frame_alloc();
        f.format(format);
        f.width(width);
        f.height(height);
        int r = av_frame_get_buffer(f, 0);
        if (r < 0) {
            av_frame_free(f);
            throw fail("cannot allocate a " + width + "x" + height + " picture (" + Ffmpeg.error(r) + ")");
        }
        return f;
    }

    /** The input frame to fill before {@link #encodeInput()}. */
    AVFrame input() {
        return input;
    }

    long frames() {
        return frames;
    }

    /** Converts the input frame and encodes it as the next frame. */
    void encodeInput() throws IOException {
        if (done) {
            throw fail("already finished");
        }
        int r = av_frame_make_writable(encoded);
        if (r < 0) {
            throw fail("cannot get a picture buffer (" + Ffmpeg.error(r) + ")");
        }
        r = sws_scale(sws, input.data(), input.linesize(), 0, height, encoded.data(), encoded.linesize());
        if (r <= 0) {
            throw fail("pixel conversion failed at frame " + frames);
        }
        encoded.pts(frames);
        encoded.color_primaries(AVCOL_PRI_BT709);
        encoded.color_trc(AVCOL_TRC_BT709);
        encoded.colorspace(AVCOL_SPC_BT709);
        encoded.color_range(AVCOL_RANGE_MPEG);
        r = avcodec_send_frame(enc, encoded);
        if (r < 0) {
            throw fail("cannot encode frame " + frames + " (" + Ffmpeg.error(r) + ")");
        }
        frames++;
        drain();
        if (audio != null) { // interleaved with the pictures as they are written
            audio.writeUntil(fmt, rate.secondsAt(frames));
        }
    }

    private void drain() throws IOException {
        while (true) {
            int r = avcodec_receive_packet(enc, pkt);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF()) {
                return;
            }
            if (r < 0) {
                throw fail("encoder error (" + Ffmpeg.error(r) + ")");
            }
            av_packet_rescale_ts(pkt, enc.time_base(), stream.time_base());
            pkt.stream_index(stream.index());
            r = av_interleaved_write_frame(fmt, pkt);
            if (r < 0) {
                throw fail("cannot write (" + Ffmpeg.error(r) + ")");
            }
        }
    }

    /** Flushes the encoder, writes the trailer and renames the file into place. */
    void finish() throws IOException {
        if (done) {
            return;
        }
        try {
            if (frames == 0) {
                throw fail("no frames were written");
            }
            int r = avcodec_send_frame(enc, null);
            if (r < 0) {
                throw fail("cannot flush the encoder (" + Ffmpeg.error(r) + ")");
            }
            drain();
            if (audio != null) {
                audio.finish(fmt);
            }
            r = av_write_trailer(fmt);
            if (r < 0) {
                throw fail("cannot finish the file (" + Ffmpeg.error(r) + ")");
            }
            headerWritten = false;
            AVIOContext pb = fmt.pb();
            r = avio_closep(pb);
            fmt.pb(null);
            if (r < 0) {
                throw fail("cannot close (" + Ffmpeg.error(r) + ")");
            }
            release();
            done = true;
            file.commit();
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Drops everything written so far; the final file is not created. */
    void abort() {
        done = true;
        release();
        file.abort();
    }

    private void release() {
        if (audio != null) {
            audio.close();
        }
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (input != null) {
            av_frame_free(input);
            input = null;
        }
        if (encoded != null) {
            av_frame_free(encoded);
            encoded = null;
        }
        if (enc != null) {
            avcodec_free_context(enc);
            enc = null;
        }
        if (fmt != null) {
            if (fmt.pb() != null && !fmt.pb().isNull()) {
                AVIOContext pb = fmt.pb();
                avio_closep(pb);
                fmt.pb(null);
            }
            avformat_free_context(fmt);
            fmt = null;
        }
        headerWritten = false;
        av_packet_free(pkt);
    }
}
