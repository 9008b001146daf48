package org.facemat.media.out;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.io.IOException;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.facemat.media.Ffmpeg;

/**
 * The input's first audio stream copied, packet for packet (no re-encoding, so nothing changes in the sound), into a
 * movie output over the rendered range: packets that start in {@code [start, start + duration)} of the source's
 * timeline, shifted so the range's first frame is time 0. A packet is 20-40 ms, so the cut is that exact.
 */
final class AudioCopy {
    private final AudioRange spec;
    private AVFormatContext in;
    private int inIndex = -1;
    private AVStream out;
    private AVRational inTb;
    private long startTicks;
    private long endTicks;
    private final AVPacket pkt = av_packet_alloc();
    private boolean ended;
    /** Why there is no audio in the output, when there is none. */
    private String skipped;

    private AudioCopy(AudioRange spec) {
        this.spec = spec;
    }

    /**
     * Adds the audio stream to {@code muxer} (before its header is written), or nothing when the source has no audio
     * or the container cannot hold its codec ({@link #skipped} says why).
     */
    static AudioCopy addTo(AVFormatContext muxer, AudioRange spec) throws IOException {
        AudioCopy a = new AudioCopy(spec);
        a.open(muxer);
        return a;
    }

    private void open(AVFormatContext muxer) throws IOException {
        in = new AVFormatContext(null);
        int r = avformat_open_input(in, spec.source().toString(), null, null);
        if (r < 0) {
            in = null;
            skipped = "cannot open " + spec.source() + " for its audio (" + Ffmpeg.error(r) + ")";
            return;
        }
        r = avformat_find_stream_info(in, (AVDictionary) null);
        int video = -1;
        for (int i = 0; i < in.nb_streams(); i++) {
            int type = in.streams(i).codecpar().codec_type();
            if (type == AVMEDIA_TYPE_AUDIO && inIndex < 0) {
                inIndex = i;
            } else if (type == AVMEDIA_TYPE_VIDEO && video < 0) {
                video = i;
            }
        }
        if (r < 0 || inIndex < 0) {
            skipped = AudioRange.NONE_IN_INPUT;
            close();
            return;
        }
        AVStream ast = in.streams(inIndex);
        AVCodecParameters par = ast.codecpar();
        String codec = avcodec_get_name(par.codec_id()).getString();
        String container = muxer.oformat().name().getString();
        // FFmpeg's MP4 muxer takes PCM but stores 24-bit samples in a way players read as noise: PCM goes to .mov only
        if (container.equals("mp4") && codec.startsWith("pcm_")) {
            skipped = "the MP4 preview does not carry " + codec + " audio as it is (the .mov outputs do)";
            close();
            return;
        }
        if (avformat_query_codec(muxer.oformat(), par.codec_id(), FF_COMPLIANCE_NORMAL) != 1) {
            skipped = "the " + container + " container cannot hold the input's " + codec + " audio";
            close();
            return;
        }
        out = avformat_new_stream(muxer, null);
        if (out == null || avcodec_parameters_copy(out.codecpar(), par) < 0) {
            throw new IOException("cannot add an audio stream to the movie");
        }
        out.codecpar().codec_tag(0); // the output container chooses its own tag for the codec
        inTb = ast.time_base();
        out.time_base(inTb);
        // the source's timeline starts at its first video frame (what frame numbers count from)
        double videoStart = 0;
        if (video >= 0) {
            AVStream vst = in.streams(video);
            if (vst.start_time() != AV_NOPTS_VALUE) {
                videoStart = vst.start_time() * av_q2d(vst.time_base());
            }
        }
        double tb = av_q2d(inTb);
        startTicks = Math.round((videoStart + spec.startSeconds()) / tb);
        endTicks = startTicks + Math.round(spec.durationSeconds() / tb);
        long seekTo = Math.max(ast.start_time() == AV_NOPTS_VALUE ? 0 : ast.start_time(),
                startTicks - Math.round(1.0 / tb));
        av_seek_frame(in, inIndex, seekTo, AVSEEK_FLAG_BACKWARD); // failing that, reading from the start also works
    }

    /** Why the output has no audio, or null when it has. */
    String skipped() {
        return skipped;
    }

    boolean active() {
        return out != null && !ended;
    }

    /** Writes the audio packets that start before {@code seconds} of the output. */
    void writeUntil(AVFormatContext muxer, double seconds) throws IOException {
        if (!active()) {
            return;
        }
        double ticks = seconds / av_q2d(inTb);
        long until = ticks >= endTicks - startTicks ? endTicks : startTicks + Math.round(ticks);
        while (true) {
            int r = av_read_frame(in, pkt);
            if (r < 0) {
                ended = true;
                return;
            }
            try {
                if (pkt.stream_index() != inIndex) {
                    continue;
                }
                long pts = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                if (pts == AV_NOPTS_VALUE || pts < startTicks) {
                    continue; // before the range
                }
                if (pts >= endTicks) {
                    ended = true;
                    return;
                }
                pkt.pts(pts - startTicks);
                pkt.dts(pkt.dts() == AV_NOPTS_VALUE ? pkt.pts() : pkt.dts() - startTicks);
                if (pkt.dts() > pkt.pts()) {
                    pkt.dts(pkt.pts());
                }
                pkt.pos(-1);
                av_packet_rescale_ts(pkt, inTb, out.time_base());
                pkt.stream_index(out.index());
                r = av_interleaved_write_frame(muxer, pkt);
                if (r < 0) {
                    throw new IOException("cannot write the audio (" + Ffmpeg.error(r) + ")");
                }
                if (pts >= until) {
                    return; // the next call goes on from here
                }
            } finally {
                av_packet_unref(pkt);
            }
        }
    }

    /** Writes what is left of the range. */
    void finish(AVFormatContext muxer) throws IOException {
        writeUntil(muxer, Double.POSITIVE_INFINITY);
        ended = true;
    }

    void close() {
        if (in != null) {
            avformat_close_input(in);
            in = null;
        }
    }
}
