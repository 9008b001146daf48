package org.facemat.media;

import static org.bytedeco.ffmpeg.global.avutil.*;

import java.util.Locale;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.javacpp.BytePointer;

/**
 * Small helpers around the FFmpeg libraries shared by the sources and the sinks. FFmpeg's own log goes to stderr at
 * the level of the system property {@code facemat.ffmpeg.log} ({@code quiet} (default), {@code fatal}, {@code error},
 * {@code warning}, {@code info}, {@code debug}); problems reach callers as exceptions with one-line messages.
 */
public final class Ffmpeg {
    private static volatile boolean initialised;

    private Ffmpeg() {
    }

    /** Loads the native libraries once and sets FFmpeg's log level. */
    public static void init() {
        if (initialised) {
            return;
        }
        synchronized (Ffmpeg.class) {
            if (initialised) {
                return;
            }
            String level = System.getProperty("facemat.ffmpeg.log", "quiet").toLowerCase(Locale.ROOT);
            av_log_set_level(switch (level) {
                case "fatal" -> AV_LOG_FATAL;
                case "error" -> AV_LOG_ERROR;
                case "warning" -> AV_LOG_WARNING;
                case "info" -> AV_LOG_INFO;
                case "debug" -> AV_LOG_DEBUG;
                default -> AV_LOG_QUIET;
            });
            initialised = true;
        }
    }

    /** FFmpeg's text for an error code, e.g. "Invalid data found when processing input". */
    public static String error(int code) {
        try (BytePointer buf = new BytePointer(256)) {
            buf.fill(0);
            if (av_strerror(code, buf, buf.capacity()) < 0) {
                return "FFmpeg error " + code;
            }
            byte[] b = new byte[256];
            buf.get(b);
            int n = 0;
            while (n < b.length && b[n] != 0) {
                n++;
            }
            return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8).trim();
        }
    }

    /** FFmpeg's name of a pixel format, e.g. "yuv422p10le", or "none". */
    public static String pixelFormatName(int format) {
        BytePointer p = av_get_pix_fmt_name(format);
        return p == null ? "none" : p.getString();
    }

    /** The descriptor of a pixel format, or null when it is unknown. */
    static AVPixFmtDescriptor descriptor(int format) {
        return format < 0 ? null : av_pix_fmt_desc_get(format);
    }
}
