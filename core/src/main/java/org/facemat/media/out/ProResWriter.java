package org.facemat.media.out;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GBRAPF32LE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVA444P10LE;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.facemat.media.Frame;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;

/**
 * A QuickTime movie in ProRes 4444 ({@code prores_ks}, profile 4444, {@code yuva444p10le}) with the matte in the
 * alpha channel. RGB is the plate (default) or the matte itself ({@link RgbContent#MATTE}, for hosts that show only
 * RGB). The frame rate and the start timecode are written to the movie (a QuickTime timecode track).
 *
 * <p>Precision: the float planes go to swscale as planar float RGBA ({@code gbrapf32le}, which swscale reads at 16
 * bits) and come out as 10-bit Y'CbCr 4:4:4 (BT.709 matrix, limited range, tagged BT.709) plus 10-bit alpha; nothing
 * passes through 8 bits. Alpha is rounded to the nearest 10-bit code first (swscale's own 16-to-10-bit step is one
 * code high near 1), and ProRes stores alpha losslessly: a reader gets the matte back within half a 10-bit step.
 * Any failed {@code write} makes the writer refuse to finish. The file is
 * written under a temporary name ({@link org.facemat.io.AtomicFile}'s rule) and renamed by {@link #finish()}; {@link #close()} without {@code finish()}
 * (for example after an exception) deletes it, so a failed render leaves no final file.
 *
 * <pre>{@code
 * try (ProResWriter w = new ProResWriter(out, 1920, 1080, rate, timecode, ProResWriter.RgbContent.PLATE)) {
 *     for (...) w.write(plate, alpha);
 *     w.finish();
 * }
 * }</pre>
 */
public final class ProResWriter extends MovieWriter {
    /** What the RGB channels of the movie hold. */
    public enum RgbContent {
        /** the source picture; the matte is in alpha */
        PLATE,
        /** the matte as grey; the matte is in alpha too */
        MATTE
    }

    private final RgbContent rgbContent;
    private final float[] row;

    /**
     * Starts a movie.
     *
     * @param timecode the timecode of the first frame written, or null for none
     * @throws IOException when the file cannot be created; the message is one line naming it
     */
    public ProResWriter(Path file, int width, int height, FrameRate rate, Timecode timecode, RgbContent rgbContent)
            throws IOException {
        this(file, width, height, rate, timecode, rgbContent, null);
    }

    /** @param audio the input's audio to copy in (PCM, AAC, ... as it is), or null */
    public ProResWriter(Path file, int width, int height, FrameRate rate, Timecode timecode, RgbContent rgbContent,
                        AudioRange audio) throws IOException {
        super(file, width, height);
        this.rgbContent = rgbContent;
        this.row = new float[width];
        start(new MovieEncoder(file, "mov", "prores_ks", AV_PIX_FMT_YUVA444P10LE, AV_PIX_FMT_GBRAPF32LE, width,
                height, rate, timecode, Map.of("profile", "4444"), Map.of(), audio));
    }

    /** Writes one frame: the plate (ignored, may be null, with {@link RgbContent#MATTE}) and the matte. */
    public void write(Frame plate, float[] matte) throws IOException {
        if (plate != null && (plate.width() != width || plate.height() != height)) {
            throw reject("frame is " + plate.width() + "x" + plate.height() + ", the movie is " + width + "x" + height);
        }
        write(plate == null ? null : plate.rgb(), matte);
    }

    /**
     * Writes one frame from planar float RGB ({@code 3 * width * height}, R then G then B; may be null with
     * {@link RgbContent#MATTE}) and the matte ({@code width * height}), values in [0, 1].
     */
    public void write(float[] rgb, float[] matte) throws IOException {
        int area = width * height;
        if (matte == null || matte.length != area) {
            throw reject("matte has " + (matte == null ? 0 : matte.length) + " values, expected " + area);
        }
        float[] colour = rgbContent == RgbContent.MATTE ? null : rgb;
        if (rgbContent == RgbContent.PLATE && (rgb == null || rgb.length != 3 * area)) {
            throw reject("plate has " + (rgb == null ? 0 : rgb.length) + " values, expected " + 3 * area);
        }
        encode(e -> Samples.fillPlanarFloat(e.input(), width, height, width, height, colour, matte, true, true, row));
    }
}
