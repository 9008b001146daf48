package org.facemat.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.facemat.media.ColorSpace;
import org.facemat.media.Frame;
import org.facemat.media.FramePattern;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;
import org.facemat.media.exr.ExrAttribute;
import org.facemat.media.exr.ExrChannel;
import org.facemat.media.exr.ExrChannelInfo;
import org.facemat.media.exr.ExrCompression;
import org.facemat.media.exr.ExrHeader;
import org.facemat.media.exr.ExrImage;
import org.facemat.media.exr.ExrOptions;
import org.facemat.media.exr.ExrReader;
import org.facemat.media.exr.ExrWriter;
import org.facemat.media.exr.PixelType;
import org.facemat.media.exr.Rational;
import org.facemat.model.MattePlanes;
import org.facemat.review.FrameScore;

/**
 * One multi-layer EXR per frame: {@code A} = matte, {@code facemat.uncertainty}, optionally R, G, B of the plate.
 *
 * <p>The plate is written scene-linear in the input's own primaries: the input's curve decoded (none for linear and
 * ACEScg inputs, the sRGB curve for sRGB inputs, LogC3 or S-Log3 for log inputs), never clamped, with a
 * {@code chromaticities} attribute naming the primaries and white point, and by default premultiplied by the matte
 * (RGB x A), as a compositing host's Merge over expects.
 */
public final class ExrPass implements MattePass {
    public static final String UNCERTAINTY_CHANNEL = "facemat.uncertainty";

    private final PassSpec spec;
    private final FramePattern pattern;
    private final ExrWriter writer = new ExrWriter();
    private final ExrOptions base;
    private final int width;
    private final int height;
    private final ColorSpace colorSpace;
    private final RenderSettings.Alpha alpha;

    ExrPass(PassSpec spec, FrameRate rate, String modelName, int width, int height) {
        this(spec, rate, modelName, width, height, ColorSpace.AUTO, null);
    }

    /**
     * @param colorSpace the input's colour space ({@code auto} resolved against each frame)
     * @param alpha      the plate's RGB premultiplied by the matte or straight; null: premultiplied
     */
    ExrPass(PassSpec spec, FrameRate rate, String modelName, int width, int height, ColorSpace colorSpace,
            RenderSettings.Alpha alpha) {
        this.spec = spec;
        this.colorSpace = colorSpace == null ? ColorSpace.AUTO : colorSpace;
        this.alpha = RenderSettings.Alpha.of(alpha, PassSpec.Kind.EXR);
        this.width = width;
        this.height = height;
        this.pattern = FramePattern.parse(Path.of(spec.path()));
        ExrOptions o = ExrOptions.defaults().withCompression(spec.zip() ? ExrCompression.ZIP : ExrCompression.NONE)
                .withString("facemat/model", modelName);
        if (rate != null) {
            o = o.withFramesPerSecond(new Rational(rate.numerator(), rate.denominator()));
        }
        this.base = o;
    }

    @Override
    public PassSpec spec() {
        return spec;
    }

    Path pathFor(long n) {
        return pattern.path(n);
    }

    /**
     * Complete means: every chunk of the file reads and decompresses, and its header says what this render would
     * write (the frame size, the channels and their pixel type). A frame left by a render of another size or with
     * other settings is rendered again.
     */
    @Override
    public boolean isComplete(long n) {
        ExrHeader h;
        try {
            h = ExrReader.verify(pathFor(n));
        } catch (IOException e) {
            return false;
        }
        return h.width() == width && h.height() == height && h.channels().equals(expectedChannels());
    }

    /** The channel list this pass writes, in the file's (sorted) order. */
    List<ExrChannelInfo> expectedChannels() {
        PixelType type = spec.floatPixels() ? PixelType.FLOAT : PixelType.HALF;
        List<String> names = new ArrayList<>(List.of("A", UNCERTAINTY_CHANNEL));
        if (spec.plate()) {
            names.addAll(List.of("R", "G", "B"));
        }
        names.sort(null);
        List<ExrChannelInfo> c = new ArrayList<>();
        for (String name : names) {
            c.add(new ExrChannelInfo(name, type, false, 1, 1));
        }
        return c;
    }

    @Override
    public void write(Frame plate, MattePlanes matte, Timecode timecode, FrameScore review) throws IOException {
        PixelType type = spec.floatPixels() ? PixelType.FLOAT : PixelType.HALF;
        List<ExrChannel> channels = new ArrayList<>();
        channels.add(new ExrChannel("A", type, matte.alpha()));
        channels.add(new ExrChannel(UNCERTAINTY_CHANNEL, type, matte.uncertainty()));
        ExrOptions o = base;
        if (spec.plate()) {
            int plane = plate.width() * plate.height();
            ColorSpace space = colorSpace.resolve(plate);
            float[] a = matte.alpha();
            boolean premultiply = alpha == RenderSettings.Alpha.PREMULTIPLIED;
            String[] names = {"R", "G", "B"};
            for (int c = 0; c < 3; c++) {
                float[] v = new float[plane];
                System.arraycopy(plate.rgb(), c * plane, v, 0, plane);
                space.toSceneLinear(v, v, plane);
                if (premultiply) {
                    for (int i = 0; i < plane; i++) {
                        v[i] *= a[i];
                    }
                }
                channels.add(new ExrChannel(names[c], type, v));
            }
            o = o.withChromaticities(space.chromaticities()).withString("facemat/colorspace", space.id())
                    .withString("facemat/alpha", alpha.id());
        }
        if (timecode != null) {
            o = o.withTimeCode(timecode);
        }
        if (review != null) {
            o = withReview(o, review);
        }
        writer.write(new ExrImage(matte.width(), matte.height(), channels), o, pathFor(plate.number()));
    }

    /**
     * The frame's review score and its parts as float attributes ({@code facemat/review.*}), so a review can be built
     * from the frames of a chunked render as from a continuous one.
     */
    static ExrOptions withReview(ExrOptions o, FrameScore r) {
        return o.withAttribute(ExrAttribute.floatValue(REVIEW + "score", (float) r.score()))
                .withAttribute(ExrAttribute.floatValue(REVIEW + "uncertainty", (float) r.uncertainty()))
                .withAttribute(ExrAttribute.floatValue(REVIEW + "uncertainFraction", (float) r.uncertainFraction()))
                .withAttribute(ExrAttribute.floatValue(REVIEW + "flicker", (float) r.flicker()))
                .withAttribute(ExrAttribute.floatValue(REVIEW + "faceArea", (float) r.faceArea()));
    }

    /** The prefix of the review attributes in an EXR header. */
    public static final String REVIEW = "facemat/review.";

    /** The review score a FaceMat EXR carries in its header (frame {@code n}), or null when it has none. */
    public static FrameScore reviewOf(ExrHeader h, long n, Timecode timecode) {
        if (h.attribute(REVIEW + "score").isEmpty()) {
            return null;
        }
        return new FrameScore(n, timecode == null ? null : timecode.text(), reviewValue(h, "score"),
                reviewValue(h, "uncertainty"), reviewValue(h, "uncertainFraction"), reviewValue(h, "flicker"),
                reviewValue(h, "faceArea"));
    }

    private static double reviewValue(ExrHeader h, String name) {
        return h.attribute(REVIEW + name).map(a -> (double) a.asFloat()).orElse(0.0);
    }

    @Override
    public void finish() {
    }

    @Override
    public void close() {
        writer.close();
    }
}
