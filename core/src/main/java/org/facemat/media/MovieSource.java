package org.facemat.media;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecDescriptor;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * A movie decoded with FFmpeg, frame-exact in presentation order.
 *
 * <p>On open the presentation timestamps of all video packets are collected (sorted, without the packets an edit list
 * discards): frame N is the picture with the N-th smallest timestamp. For intra-only codecs in QuickTime/MP4 the
 * container's sample table gives them without reading the file; otherwise the packets are read once (no decoding),
 * which for long-GOP codecs costs about one pass over the file's bytes. The same rule serves constant and variable
 * frame rates. {@link #read(long)} seeks to the keyframe at or before the frame, decodes forward and picks the
 * picture whose timestamp matches; consecutive reads just decode on.
 */
final class MovieSource implements FrameSource {
    // C macros the presets do not map
    static final int FF_THREAD_FRAME = 1;
    static final int FF_THREAD_SLICE = 2;
    static final int AV_FRAME_FLAG_CORRUPT = 1;
    private final Path path;
    private final SourceOptions options;
    private AVFormatContext fmt;
    private AVCodecContext dec;
    private int streamIndex;
    private AVRational timeBase;
    private final AVPacket pkt = av_packet_alloc();
    private final AVFrame picture = av_frame_alloc();
    private final RgbConverter converter = new RgbConverter();
    private RgbConverter.Hints hints = RgbConverter.Hints.VIDEO;

    private long[] pts = new long[0];
    /** presentation indices of keyframes, ascending */
    private int[] keys = new int[0];
    private boolean haveTimestamps = true;

    private int width;
    private int height;
    private FrameRate rate;
    private boolean vfr;
    private Timecode timecode;
    private long firstNumber;
    private String format;

    private Frame frame;
    /** index of the picture the decoder delivered last (-1: none since open/seek) */
    private long decodedIndex = -1;
    /** index of the first picture expected after open/seek (for pictures without timestamps) */
    private long startIndex;
    /** index the reused frame currently holds (-1: none) */
    private long frameIndex = -1;
    /** index returned by the last read/next */
    private long lastReturned = -1;
    private boolean demuxEnded;
    private boolean decoderEnded;

    private MovieSource(Path path, SourceOptions options) {
        this.path = path;
        this.options = options;
    }

    static MovieSource open(Path path, SourceOptions options) throws MediaException {
        return open(path, options, true);
    }

    /** {@code useContainerIndex = false} always scans the packets (tests compare both ways). */
    static MovieSource open(Path path, SourceOptions options, boolean useContainerIndex) throws MediaException {
        Ffmpeg.init();
        if (!Files.exists(path)) {
            throw new MediaException(path, "file not found");
        }
        if (Files.isDirectory(path)) {
            throw new MediaException(path, "is a folder, not a movie");
        }
        try {
            if (Files.size(path) == 0) {
                throw new MediaException(path, "empty file (0 bytes)");
            }
        } catch (IOException e) {
            throw new MediaException(path, "cannot read (" + e.getMessage() + ")");
        }
        MovieSource s = new MovieSource(path, options);
        try {
            s.openDemuxer();
            s.openDecoder();
            s.buildIndex(useContainerIndex);
            s.describe();
            return s;
        } catch (MediaException e) {
            s.close();
            throw e;
        } catch (RuntimeException e) {
            s.close();
            throw new MediaException(path, "cannot open (" + e + ")", e);
        }
    }

    private void openDemuxer() throws MediaException {
        fmt = new AVFormatContext(null);
        int r = avformat_open_input(fmt, path.toString(), null, null);
        if (r < 0) {
            fmt = null;
            throw new MediaException(path, "not a movie or image FFmpeg can read (" + Ffmpeg.error(r) + ")");
        }
        r = avformat_find_stream_info(fmt, (AVDictionary) null);
        if (r < 0) {
            throw new MediaException(path, "cannot read the stream layout (" + Ffmpeg.error(r) + ")");
        }
        streamIndex = -1;
        long bestArea = -1;
        for (int i = 0; i < fmt.nb_streams(); i++) {
            AVStream st = fmt.streams(i);
            AVCodecParameters par = st.codecpar();
            if (par.codec_type() != AVMEDIA_TYPE_VIDEO || (st.disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0) {
                continue;
            }
            long area = (long) par.width() * par.height();
            if (area > bestArea) {
                bestArea = area;
                streamIndex = i;
            }
        }
        if (streamIndex < 0) {
            throw new MediaException(path, "no video stream (zero frames)");
        }
        for (int i = 0; i < fmt.nb_streams(); i++) {
            if (i != streamIndex) {
                fmt.streams(i).discard(AVDISCARD_ALL);
            }
        }
        AVStream st = fmt.streams(streamIndex);
        timeBase = new AVRational().num(st.time_base().num()).den(st.time_base().den());
        width = st.codecpar().width();
        height = st.codecpar().height();
        if (width <= 0 || height <= 0) {
            throw new MediaException(path, "video stream has no picture size");
        }
    }

    private void openDecoder() throws MediaException {
        AVStream st = fmt.streams(streamIndex);
        AVCodecParameters par = st.codecpar();
        AVCodec codec = avcodec_find_decoder(par.codec_id());
        if (codec == null) {
            throw new MediaException(path, "no decoder for codec " + avcodec_get_name(par.codec_id()).getString());
        }
        if (par.format() >= 0 && !RgbConverter.supports(par.format())) {
            throw new MediaException(path, "unsupported pixel format " + Ffmpeg.pixelFormatName(par.format()));
        }
        dec = avcodec_alloc_context3(codec);
        int r = avcodec_parameters_to_context(dec, par);
        if (r < 0) {
            throw new MediaException(path, "cannot set up the decoder (" + Ffmpeg.error(r) + ")");
        }
        dec.pkt_timebase(st.time_base());
        dec.thread_count(Math.min(16, Runtime.getRuntime().availableProcessors()));
        dec.thread_type(FF_THREAD_FRAME | FF_THREAD_SLICE);
        r = avcodec_open2(dec, codec, (AVDictionary) null);
        if (r < 0) {
            throw new MediaException(path, "cannot open the " + codec.name().getString() + " decoder ("
                    + Ffmpeg.error(r) + ")");
        }
        hints = new RgbConverter.Hints(par.codec_id() == AV_CODEC_ID_EXR,
                par.codec_id() == AV_CODEC_ID_MJPEG || par.codec_id() == AV_CODEC_ID_JPEGLS);
    }

    private void buildIndex(boolean useContainerIndex) throws MediaException {
        AVStream st = fmt.streams(streamIndex);
        if (!(useContainerIndex && indexFromContainer(st))) {
            scanPackets();
        }
        if (pts.length == 0) {
            throw new MediaException(path, "the video stream has zero frames");
        }
        // constant or variable rate: all steps equal within one tick of the time base
        long minStep = Long.MAX_VALUE;
        long maxStep = Long.MIN_VALUE;
        for (int i = 1; i < pts.length; i++) {
            long d = pts[i] - pts[i - 1];
            minStep = Math.min(minStep, d);
            maxStep = Math.max(maxStep, d);
        }
        vfr = haveTimestamps && pts.length > 1 && maxStep - minStep > 1;
        rate = chooseRate(st);
        timecode = findTimecode(st);
        firstNumber = options.startFrame() != null ? options.startFrame()
                : (options.numberFromTimecode() && timecode != null) ? timecode.toFrames(rate) : 0;
        frame = new Frame(width, height);
    }

    /** Sample table of QuickTime/MP4 for intra-only codecs, checked against the first packet. */
    private boolean indexFromContainer(AVStream st) throws MediaException {
        String demuxer = fmt.iformat().name().getString();
        AVCodecDescriptor cd = avcodec_descriptor_get(st.codecpar().codec_id());
        boolean intraOnly = cd != null && (cd.props() & AV_CODEC_PROP_INTRA_ONLY) != 0;
        int n = avformat_index_get_entries_count(st);
        if (!demuxer.contains("mov") || !intraOnly || n <= 0 || (st.nb_frames() > 0 && st.nb_frames() != n)) {
            return false;
        }
        long[] ts = new long[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            AVIndexEntry e = avformat_index_get_entry(st, i);
            if (e == null || (e.flags() & AVIndexEntry.AVINDEX_DISCARD_FRAME) != 0) {
                continue;
            }
            ts[count++] = e.timestamp();
        }
        long[] sorted = Arrays.copyOf(ts, count);
        Arrays.sort(sorted);
        sorted = unique(sorted);
        if (sorted.length != count || count == 0) {
            return false;
        }
        // the first packet must carry the first timestamp, else fall back to reading the packets
        int r;
        while ((r = av_read_frame(fmt, pkt)) >= 0 && pkt.stream_index() != streamIndex) {
            av_packet_unref(pkt);
        }
        if (r < 0) {
            return false;
        }
        long first = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
        av_packet_unref(pkt);
        rewind();
        if (first != sorted[0]) {
            return false;
        }
        pts = sorted;
        keys = new int[count];
        for (int i = 0; i < count; i++) {
            keys[i] = i;
        }
        return true;
    }

    private void scanPackets() throws MediaException {
        long[] ts = new long[1024];
        boolean[] key = new boolean[1024];
        int n = 0;
        int missingTs = 0;
        int r;
        while ((r = av_read_frame(fmt, pkt)) >= 0) {
            if (pkt.stream_index() == streamIndex && (pkt.flags() & AV_PKT_FLAG_DISCARD) == 0) {
                long t = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
                if (t == AV_NOPTS_VALUE) {
                    missingTs++;
                }
                if (n == ts.length) {
                    ts = Arrays.copyOf(ts, n * 2);
                    key = Arrays.copyOf(key, n * 2);
                }
                ts[n] = t;
                key[n] = (pkt.flags() & AV_PKT_FLAG_KEY) != 0;
                n++;
            }
            av_packet_unref(pkt);
        }
        if (missingTs > 0) {
            // no usable timestamps: frames are counted in the order the decoder returns them
            haveTimestamps = false;
            pts = new long[n];
            for (int i = 0; i < n; i++) {
                pts[i] = i;
            }
            keys = new int[] {0};
        } else {
            long[] sorted = unique(sortedCopy(ts, n));
            pts = sorted;
            int[] k = new int[n];
            int nk = 0;
            for (int i = 0; i < n; i++) {
                if (key[i]) {
                    int idx = Arrays.binarySearch(pts, ts[i]);
                    if (idx >= 0) {
                        k[nk++] = idx;
                    }
                }
            }
            k = Arrays.copyOf(k, nk);
            Arrays.sort(k);
            keys = nk == 0 ? new int[] {0} : k;
        }
        if (n > 0) {
            rewind();
        }
    }

    private static long[] sortedCopy(long[] a, int n) {
        long[] s = Arrays.copyOf(a, n);
        Arrays.sort(s);
        return s;
    }

    private static long[] unique(long[] sorted) {
        if (sorted.length < 2) {
            return sorted;
        }
        int m = 1;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] != sorted[m - 1]) {
                sorted[m++] = sorted[i];
            }
        }
        return m == sorted.length ? sorted : Arrays.copyOf(sorted, m);
    }

    private FrameRate chooseRate(AVStream st) {
        FrameRate r = rational(st.r_frame_rate());
        FrameRate avg = rational(st.avg_frame_rate());
        if (!haveTimestamps || pts.length < 2) {
            return r != null ? r : (avg != null ? avg : FrameRate.of(25));
        }
        double tb = (double) timeBase.num() / timeBase.den();
        double meanStep = (pts[pts.length - 1] - pts[0]) * tb / (pts.length - 1);
        if (!vfr) {
            for (FrameRate c : new FrameRate[] {r, avg}) {
                if (c != null && Math.abs(1.0 / c.fps() - meanStep) <= 0.01 * meanStep) {
                    return c;
                }
            }
            return approximate(1.0 / meanStep);
        }
        if (avg != null) {
            return avg;
        }
        return approximate(1.0 / meanStep);
    }

    private static FrameRate approximate(double fps) {
        AVRational q = av_d2q(fps, 1_001_000);
        FrameRate f = rational(q);
        return f != null ? f : FrameRate.of(25);
    }

    private static FrameRate rational(AVRational q) {
        if (q == null || q.num() <= 0 || q.den() <= 0) {
            return null;
        }
        FrameRate f = new FrameRate(q.num(), q.den());
        return f.fps() > 0.5 && f.fps() < 1000 ? f : null;
    }

    private Timecode findTimecode(AVStream st) {
        String tc = dictValue(st.metadata(), "timecode");
        if (tc == null) {
            tc = dictValue(fmt.metadata(), "timecode");
        }
        for (int i = 0; tc == null && i < fmt.nb_streams(); i++) {
            tc = dictValue(fmt.streams(i).metadata(), "timecode");
        }
        if (tc == null) {
            return null;
        }
        try {
            Timecode t = Timecode.parse(tc);
            if (t.dropFrame()) {
                t.toFrames(rate); // drop-frame at a rate that has none: ignore the timecode
            }
            return t;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String dictValue(AVDictionary d, String key) {
        if (d == null) {
            return null;
        }
        AVDictionaryEntry e = av_dict_get(d, key, null, 0);
        return e == null || e.value() == null ? null : e.value().getString();
    }

    private void describe() {
        AVCodecParameters par = fmt.streams(streamIndex).codecpar();
        format = avcodec_get_name(par.codec_id()).getString() + " " + Ffmpeg.pixelFormatName(par.format());
    }

    // ------------------------------------------------------------------ FrameSource

    @Override
    public Path path() {
        return path;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public long frameCount() {
        return pts.length;
    }

    @Override
    public long firstFrameNumber() {
        return firstNumber;
    }

    @Override
    public boolean sceneLinear() {
        return hints.linear();
    }

    @Override
    public FrameRate frameRate() {
        return rate;
    }

    @Override
    public boolean variableFrameRate() {
        return vfr;
    }

    @Override
    public double presentationTime(long frameNumber) throws MediaException {
        int idx = checkIndex(frameNumber);
        if (!haveTimestamps) {
            return rate.secondsAt(idx);
        }
        return (pts[idx] - pts[0]) * (double) timeBase.num() / timeBase.den();
    }

    @Override
    public Optional<Timecode> timecode() {
        return Optional.ofNullable(timecode);
    }

    @Override
    public List<Long> missingFrames() {
        return List.of();
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public Frame read(long frameNumber) throws MediaException {
        int idx = checkIndex(frameNumber);
        Frame f = readIndex(idx);
        lastReturned = idx;
        return f;
    }

    @Override
    public Frame next() throws MediaException {
        long idx = lastReturned + 1;
        if (idx >= pts.length) {
            return null;
        }
        Frame f = readIndex((int) idx);
        lastReturned = idx;
        return f;
    }

    private int checkIndex(long frameNumber) throws MediaException {
        long idx = frameNumber - firstNumber;
        if (idx < 0 || idx >= pts.length) {
            throw new MediaException(path, frameNumber, "outside the movie (frames " + firstNumber + " to "
                    + (firstNumber + pts.length - 1) + ")");
        }
        return (int) idx;
    }

    // ------------------------------------------------------------------ decoding

    private Frame readIndex(int idx) throws MediaException {
        if (idx == frameIndex) {
            return frame;
        }
        boolean forward = dec != null && !decoderEnded && idx > decodedIndex
                && (keyAtOrBefore(idx) <= decodedIndex + 1 || idx - decodedIndex <= 12);
        if (decodedIndex < 0 && !forward && idx == 0 && !decoderEnded) {
            forward = true; // just opened: decoding from the start
        }
        if (forward && decodeForwardTo(idx)) {
            return frame;
        }
        seekAndDecode(idx);
        return frame;
    }

    /** Decodes on until picture {@code idx}; false when it went past it without seeing it. */
    private boolean decodeForwardTo(int idx) throws MediaException {
        while (true) {
            if (!decodeNext(idx)) {
                throw new MediaException(path, firstNumber + idx,
                        "the file ends before this frame (truncated or damaged)");
            }
            if (decodedIndex == idx) {
                deliver(idx);
                return true;
            }
            if (decodedIndex > idx) {
                return false;
            }
        }
    }

    private void seekAndDecode(int idx) throws MediaException {
        int k = Arrays.binarySearch(keys, idx);
        int ki = k >= 0 ? k : Math.max(0, -k - 2);
        for (int attempt = 0; attempt < 6; attempt++) {
            long target = haveTimestamps ? pts[keys[ki]] : Long.MIN_VALUE;
            seek(target, ki == 0, keys[ki]);
            boolean first = true;
            boolean retry = false;
            while (true) {
                if (!decodeNext(idx)) {
                    throw new MediaException(path, firstNumber + idx,
                            "the file ends before this frame (truncated or damaged)");
                }
                if (first && decodedIndex > idx) {
                    retry = true;
                    break;
                }
                first = false;
                if (decodedIndex == idx) {
                    deliver(idx);
                    return;
                }
                if (decodedIndex > idx) {
                    throw new MediaException(path, firstNumber + idx, "the decoder did not return this frame");
                }
            }
            if (!retry) {
                break;
            }
            if (ki == 0) {
                // already from the start: the first picture comes after the wanted one
                throw new MediaException(path, firstNumber + idx, "the decoder did not return this frame");
            }
            ki = Math.max(0, ki - (1 << attempt));
        }
        throw new MediaException(path, firstNumber + idx, "cannot seek to this frame");
    }

    /** Index of the timestamp nearest to {@code ts} (the same one when the decoder keeps packet timestamps). */
    private int nearest(long ts) {
        int i = Arrays.binarySearch(pts, ts);
        if (i >= 0) {
            return i;
        }
        int hi = -i - 1;
        if (hi == 0) {
            return 0;
        }
        if (hi >= pts.length) {
            return pts.length - 1;
        }
        return ts - pts[hi - 1] <= pts[hi] - ts ? hi - 1 : hi;
    }

    private int keyAtOrBefore(int idx) {
        int k = Arrays.binarySearch(keys, idx);
        return k >= 0 ? keys[k] : (k == -1 ? 0 : keys[-k - 2]);
    }

    private void seek(long ts, boolean fromStart, int keyIndex) throws MediaException {
        int r = fromStart ? -1 : av_seek_frame(fmt, streamIndex, ts, AVSEEK_FLAG_BACKWARD);
        if (r < 0) {
            rewind();
        }
        startIndex = fromStart || r < 0 ? 0 : keyIndex;
        avcodec_flush_buffers(dec);
        demuxEnded = false;
        decoderEnded = false;
        decodedIndex = -1;
        frameIndex = -1;
    }

    /** Back to the first packet; reopens the file when the demuxer cannot seek. */
    private void rewind() throws MediaException {
        // (a seek to Long.MIN_VALUE "succeeds" in the mov demuxer without moving: seek to the first timestamp)
        AVStream st = fmt.streams(streamIndex);
        long start = pts.length > 0 && haveTimestamps ? pts[0]
                : (st.start_time() != AV_NOPTS_VALUE ? st.start_time() : 0);
        int r = av_seek_frame(fmt, streamIndex, start, AVSEEK_FLAG_BACKWARD);
        if (r < 0) {
            avformat_close_input(fmt);
            openDemuxer();
        }
        demuxEnded = false;
        decoderEnded = false;
        decodedIndex = -1;
        startIndex = 0;
        frameIndex = -1;
        if (dec != null) {
            avcodec_flush_buffers(dec);
        }
    }

    /**
     * Decodes the next picture into {@link #picture} and sets {@link #decodedIndex}; false at the end of the stream.
     *
     * @param wanted the index being looked for (named in error messages when no better frame is known)
     */
    private boolean decodeNext(int wanted) throws MediaException {
        while (true) {
            int r = avcodec_receive_frame(dec, picture);
            if (r == 0) {
                long ts = picture.best_effort_timestamp();
                if (haveTimestamps && ts != AV_NOPTS_VALUE) {
                    decodedIndex = nearest(ts);
                } else {
                    decodedIndex = decodedIndex >= 0 ? decodedIndex + 1 : startIndex;
                }
                return true;
            }
            if (r == AVERROR_EOF()) {
                decoderEnded = true;
                return false;
            }
            if (r != AVERROR_EAGAIN()) {
                // the picture that failed is the next one after the last delivered (frame-threaded decoders report
                // an error late, with a later packet)
                throw new MediaException(path, firstNumber + (decodedIndex >= 0 ? decodedIndex + 1 : wanted),
                        "cannot decode (" + Ffmpeg.error(r) + ")");
            }
            if (demuxEnded) {
                // the decoder wants more input after the drain packet: nothing left
                decoderEnded = true;
                return false;
            }
            r = av_read_frame(fmt, pkt);
            if (r < 0) {
                demuxEnded = true;
                avcodec_send_packet(dec, null);
                continue;
            }
            if (pkt.stream_index() != streamIndex) {
                av_packet_unref(pkt);
                continue;
            }
            long pktTs = pkt.pts() != AV_NOPTS_VALUE ? pkt.pts() : pkt.dts();
            r = avcodec_send_packet(dec, pkt);
            av_packet_unref(pkt);
            if (r < 0 && r != AVERROR_EAGAIN() && r != AVERROR_EOF()) {
                long bad = wanted;
                if (haveTimestamps && pktTs != AV_NOPTS_VALUE) {
                    int i = Arrays.binarySearch(pts, pktTs);
                    if (i >= 0) {
                        bad = i;
                    }
                }
                if (decodedIndex >= 0 && decodedIndex + 1 < bad) {
                    bad = decodedIndex + 1; // a frame-threaded decoder reports an earlier packet's error here
                }
                throw new MediaException(path, firstNumber + bad, "cannot decode (" + Ffmpeg.error(r) + ")");
            }
        }
    }

    /** Converts the decoded picture into the reused frame. */
    private void deliver(int idx) throws MediaException {
        long number = firstNumber + idx;
        if ((picture.flags() & AV_FRAME_FLAG_CORRUPT) != 0 || picture.decode_error_flags() != 0) {
            frameIndex = -1;
            throw new MediaException(path, number, "corrupt picture (the decoder reported errors)");
        }
        String err = converter.convert(picture, frame, hints);
        if (err != null) {
            frameIndex = -1;
            throw new MediaException(path, number, err);
        }
        frame.number(number);
        frameIndex = idx;
    }

    @Override
    public void close() {
        converter.close();
        if (dec != null) {
            avcodec_free_context(dec);
            dec = null;
        }
        if (fmt != null) {
            avformat_close_input(fmt);
            fmt = null;
        }
        av_packet_free(pkt);
        av_frame_free(picture);
    }
}
