package org.facemat.render;

import java.io.IOException;
import java.nio.file.Path;
import org.facemat.media.ColorSpace;
import org.facemat.media.Frame;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;
import org.facemat.media.out.AudioRange;
import org.facemat.media.out.PreviewWriter;
import org.facemat.media.out.ProResWriter;
import org.facemat.model.MattePlanes;
import org.facemat.review.FrameScore;
import org.facemat.review.ReviewThreshold;

/**
 * A movie output: ProRes 4444 (matte in alpha; RGB = plate or matte; or the uncertainty in RGB and alpha) or an
 * H.264 review preview (the matte view, or the uncertainty view with {@code "content": "uncertainty"}), whose
 * frames above the review threshold are marked. Opened at the first frame, so that its timecode is the first rendered frame's.
 *
 * <p>A movie's RGB is display-encoded: the plate as the network sees it (sRGB-encoded Rec.709 in [0, 1], made by
 * {@link ColorSpace#toNetwork} from the input's colour space). ProRes alpha is straight by default; premultiplied
 * multiplies that RGB by the matte.
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
    private final ColorSpace colorSpace;
    private final RenderSettings.Alpha alpha;
    private float[] display = new float[0];

    /**
     * @param gapFill    what a skipped frame becomes
     * @param audio      the input's audio over the rendered range, copied into the movie; or null
     * @param colorSpace the input's colour space ({@code auto} resolved against each frame)
     * @param alpha      ProRes with the plate: RGB premultiplied by the matte or straight; null: straight
     */
    MoviePass(PassSpec spec, FrameRate rate, int width, int height, RenderSettings.GapFill gapFill, AudioRange audio,
              ColorSpace colorSpace, RenderSettings.Alpha alpha) {
        this.spec = spec;
        this.audio = audio;
        this.gapFill = gapFill;
        this.rate = rate;
        this.width = width;
        this.height = height;
        this.colorSpace = colorSpace == null ? ColorSpace.AUTO : colorSpace;
        this.alpha = RenderSettings.Alpha.of(alpha, spec.kind());
    }

    /** The plate display-encoded, as the network sees it (a buffer reused from frame to frame). */
    private Frame display(Frame plate) {
        int n = plate.rgb().length;
        if (display.length != n) {
            display = new float[n];
        }
        colorSpace.resolve(plate).toNetwork(plate.rgb(), display, plate.width() * plate.height());
        return new Frame(plate.number(), plate.width(), plate.height(), display);
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
    public void write(Frame plate, MattePlanes matte, Timecode timecode, FrameScore review) throws IOException {
        encode(plate, matte, timecode, review == null ? Double.NaN : review.score());
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
            encode(lastPlate, lastMatte, timecode, Double.NaN); // a held frame has no score of its own
            return;
        }
        Frame black = new Frame(n, width, height, new float[3 * width * height]);
        encode(black, new MattePlanes(height, width, new float[width * height], new float[width * height]), timecode,
                Double.NaN);
    }

    private void encode(Frame plate, MattePlanes matte, Timecode timecode, double score) throws IOException {
        Path file = Path.of(spec.path());
        if (spec.kind() == PassSpec.Kind.PREVIEW) {
            if (preview == null) {
                // the render flags at the default threshold, as its review file does
                preview = new PreviewWriter(file, plate.width(), plate.height(), rate, timecode, audio,
                        spec.content() == PassSpec.Content.UNCERTAINTY ? PreviewWriter.View.UNCERTAINTY
                                : PreviewWriter.View.MATTE, ReviewThreshold.DEFAULT);
            }
            preview.write(display(plate), matte.alpha(), matte.uncertainty(), timecode, score);
            return;
        }
        if (prores == null) {
            boolean rgbIsPlate = spec.plate() && spec.content() != PassSpec.Content.UNCERTAINTY;
            prores = new ProResWriter(file, plate.width(), plate.height(), rate, timecode,
                    rgbIsPlate ? ProResWriter.RgbContent.PLATE : ProResWriter.RgbContent.MATTE, audio);
        }
        if (spec.content() == PassSpec.Content.UNCERTAINTY) {
            prores.write((float[]) null, matte.uncertainty()); // RGB = alpha = sigma
        } else if (spec.plate()) {
            Frame d = display(plate);
            if (alpha == RenderSettings.Alpha.PREMULTIPLIED) {
                float[] rgb = d.rgb();
                float[] a = matte.alpha();
                int area = d.width() * d.height();
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < area; i++) {
                        rgb[c * area + i] *= a[i];
                    }
                }
            }
            prores.write(d, matte.alpha());
        } else {
            prores.write(plate, matte.alpha());
        }
    }

    /** Why the preview carries no burnt-in text (no font on this machine), or null. */
    String captionsSkipped() {
        return preview != null ? preview.captionsSkipped() : null;
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
