package org.facemat.media.out;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GBRPF32LE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.facemat.media.Frame;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;

/**
 * A review movie: H.264 (libx264, yuv420p, CRF 20, BT.709) in MP4 with the matte drawn over the plate. Where the
 * matte is 1 the picture keeps its colours under a 50% green tint; where it is 0 the picture is shown in dimmed grey.
 * So skin that the matte covers is green and in colour, everything else is grey, and a missed cheek or a hand wrongly
 * kept stands out at a glance; soft edges blend between the two.
 *
 * <p>yuv420p needs even sizes: an odd width or height gets one more column/row repeating the last one. Frame rate
 * and timecode are written; {@code +faststart} puts the index first for web players. Like {@link ProResWriter},
 * the movie is renamed into place by {@link #finish()} and deleted by {@link #close()} otherwise.
 */
public final class PreviewWriter extends MovieWriter {
    /** The tint colour mixed into the matte area (linear mix in the encoded values). */
    public static final float[] TINT = {0.1f, 0.95f, 0.2f};
    /** How much of the tint is mixed in where alpha is 1. */
    public static final float TINT_AMOUNT = 0.5f;
    /** Brightness of the grey picture outside the matte. */
    public static final float OUTSIDE_GREY = 0.6f;

    private final int outW;
    private final int outH;
    private final float[] row;
    private final float[] overlay;

    public PreviewWriter(Path file, int width, int height, FrameRate rate, Timecode timecode) throws IOException {
        this(file, width, height, rate, timecode, null);
    }

    /** @param audio the input's audio to copy in, when the MP4 container can hold its codec; or null */
    public PreviewWriter(Path file, int width, int height, FrameRate rate, Timecode timecode, AudioRange audio)
            throws IOException {
        super(file, width, height);
        this.outW = width + (width & 1);
        this.outH = height + (height & 1);
        this.row = new float[outW];
        this.overlay = new float[3 * width * height];
        start(new MovieEncoder(file, "mp4", "libx264", AV_PIX_FMT_YUV420P, AV_PIX_FMT_GBRPF32LE, outW, outH,
                rate, timecode, Map.of("crf", "20", "preset", "fast"), Map.of("movflags", "+faststart"), audio));
    }

    /**
     * The review picture for one pixel set: planar RGB {@code out} from the plate and the matte (both planar, same
     * size). Outside: {@code OUTSIDE_GREY * luma}; inside: {@code (1 - TINT_AMOUNT) * plate + TINT_AMOUNT * TINT};
     * mixed by alpha.
     */
    public static void overlay(float[] plateRgb, float[] matte, float[] out) {
        int area = matte.length;
        for (int i = 0; i < area; i++) {
            float r = plateRgb[i];
            float g = plateRgb[area + i];
            float b = plateRgb[2 * area + i];
            float a = Math.max(0f, Math.min(1f, matte[i]));
            float grey = OUTSIDE_GREY * (0.2126f * r + 0.7152f * g + 0.0722f * b);
            float keep = 1f - TINT_AMOUNT;
            out[i] = (1 - a) * grey + a * (keep * r + TINT_AMOUNT * TINT[0]);
            out[area + i] = (1 - a) * grey + a * (keep * g + TINT_AMOUNT * TINT[1]);
            out[2 * area + i] = (1 - a) * grey + a * (keep * b + TINT_AMOUNT * TINT[2]);
        }
    }

    /** Writes one frame: the plate and its matte ({@code width * height}). */
    public void write(Frame plate, float[] matte) throws IOException {
        if (plate.width() != width || plate.height() != height) {
            throw reject("frame is " + plate.width() + "x" + plate.height() + ", the preview is " + width + "x"
                    + height);
        }
        if (matte == null || matte.length != width * height) {
            throw reject("matte has " + (matte == null ? 0 : matte.length) + " values, expected " + width * height);
        }
        encode(e -> {
            overlay(plate.rgb(), matte, overlay);
            Samples.fillPlanarFloat(e.input(), width, height, outW, outH, overlay, null, false, false, row);
        });
    }
}
