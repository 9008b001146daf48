package org.facemat.render;

import java.io.IOException;
import java.nio.file.Path;
import org.facemat.media.Frame;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;
import org.facemat.media.out.AudioRange;
import org.facemat.media.out.PreviewWriter;
import org.facemat.media.out.ProResWriter;
import org.facemat.model.MattePlanes;

/**
 * A movie output: ProRes 4444 (matte in alpha; RGB = plate or matte; or the uncertainty in RGB and alpha) or the
 * H.264 review preview. Opened at the first frame, so that its timecode is the first rendered frame's.
 */
final class MoviePass implements MattePass {
    private final PassSpec spec;
    private final FrameRate rate;
    private final int width;
    private final int height;
    private ProResWriter prores;
    private PreviewWriter preview;
    /** The last frame written, kept for {@link RenderSettings.GapFill#HOLD}. */
    private Frame lastPlate;
    private MattePlanes lastMatte;

    private final RenderSettings.GapFill gapFill;
    private final AudioRange audio;

    MoviePass(PassSpec spec, FrameRate rate, int width, int height, RenderSettings.GapFill gapFill) {
        this(spec, rate, width, height, gapFill, null);
    }

    /** @param audio the input's audio over the rendered range, copied into the movie; or null */
    MoviePass(PassSpec spec, FrameRate rate, int width, int height, RenderSettings.GapFill gapFill, AudioRange audio) {
        this.spec = spec;
        this.audio = audio;
        this.gapFill = gapFill;
        this.rate = rate;
        this.width = width;
        this.height = height;
    }

    @Override
    public PassSpec spec() {
        return spec;
    }

    @Override
    public boolean isComplete(long n) {
        return false;
    }

    @Override
    public void write(Frame plate, MattePlanes matte, Timecode timecode) throws IOException {
        encode(plate, matte, timecode);
        if (gapFill == RenderSettings.GapFill.HOLD) { // copies: the caller reuses its buffers
            lastPlate = plate.copy();
            lastMatte = new MattePlanes(matte.height(), matte.width(), matte.alpha().clone(),
                    matte.uncertainty().clone());
        }
    }

    /**
     * A skipped frame: the last frame again ({@code HOLD}, when there is one), else black with a zero matte, so the
     * movie keeps one picture per frame of the range.
     */
    @Override
    public void gap(long n, Timecode timecode, RenderSettings.GapFill fill) throws IOException {
        if (fill == RenderSettings.GapFill.HOLD && lastPlate != null) { // fill is this pass's gapFill
            encode(lastPlate, lastMatte, timecode);
            return;
        }
        Frame black = new Frame(n, width, height, new float[3 * width * height]);
        encode(black, new MattePlanes(height, width, new float[width * height], new float[width * height]), timecode);
    }

    private void encode(Frame plate, MattePlanes matte, Timecode timecode) throws IOException {
        Path file = Path.of(spec.path());
        if (spec.kind() == PassSpec.Kind.PREVIEW) {
            if (preview == null) {
                preview = new PreviewWriter(file, plate.width(), plate.height(), rate, timecode, audio);
            }
            preview.write(plate, matte.alpha());
            return;
        }
        if (prores == null) {
            boolean rgbIsPlate = spec.plate() && spec.content() != PassSpec.Content.UNCERTAINTY;
            prores = new ProResWriter(file, plate.width(), plate.height(), rate, timecode,
                    rgbIsPlate ? ProResWriter.RgbContent.PLATE : ProResWriter.RgbContent.MATTE, audio);
        }
        if (spec.content() == PassSpec.Content.UNCERTAINTY) {
            prores.write((float[]) null, matte.uncertainty()); // RGB = alpha = sigma
        } else {
            prores.write(plate, matte.alpha());
        }
    }

    /** Why the movie carries no audio although the input's was asked for, or null. */
    String audioSkipped() {
        return prores != null ? prores.audioSkipped() : preview != null ? preview.audioSkipped() : null;
    }

    @Override
    public void finish() throws IOException {
        if (prores != null) {
            prores.finish();
        }
        if (preview != null) {
            preview.finish();
        }
    }

    @Override
    public void close() {
        if (prores != null) {
            prores.close();
        }
        if (preview != null) {
            preview.close();
        }
    }
}
