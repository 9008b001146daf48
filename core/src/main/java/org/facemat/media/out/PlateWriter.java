package org.facemat.media.out;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GBRPF32LE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV444P;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.facemat.media.FrameRate;

/**
 * A plate movie: planar float RGB encoded as near-lossless H.264 4:4:4 (libx264, CRF 6, BT.709) in MP4, for footage
 * made by the project itself (a synthesized shot to fine-tune and measure on). 4:4:4 keeps the chroma of thin
 * occluder edges that 4:2:0 would smear across the matte's boundary. Written under a temporary name, renamed into
 * place by {@link #finish()}, deleted by {@link #close()} otherwise.
 */
public final class PlateWriter extends MovieWriter {
    private final float[] row;

    public PlateWriter(Path file, int width, int height, FrameRate rate) throws IOException {
        super(file, width, height);
        this.row = new float[width];
        start(new MovieEncoder(file, "mp4", "libx264", AV_PIX_FMT_YUV444P, AV_PIX_FMT_GBRPF32LE, width, height,
                rate, null, Map.of("crf", "6", "preset", "medium"), Map.of("movflags", "+faststart")));
    }

    /** Writes the next frame: planar RGB in [0,1], {@code 3 * width * height} values. */
    public void write(float[] rgb) throws IOException {
        if (rgb == null || rgb.length != 3 * width * height) {
            throw reject("frame has " + (rgb == null ? 0 : rgb.length) + " values, expected " + 3 * width * height);
        }
        encode(e -> Samples.fillPlanarFloat(e.input(), width, height, width, height, rgb, null, false, false, row));
    }
}
