package org.facemat.media.out;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GBRPF32LE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.facemat.media.Frame;
import org.facemat.media.FrameRate;
import org.facemat.media.Timecode;

/**
 * A review movie an editor scrubs in any player: H.264 (libx264, yuv420p, CRF 20, BT.709) in MP4.
 *
 * <p>Two views ({@link View}): the matte view keeps the plate in colour, dims it a little outside the matte, tints
 * the matte lightly and draws a thin outline where alpha crosses 0.5, so the face stays visible and the edge can be
 * judged; the uncertainty view shows the uncertainty pass as a heat map ({@link HeatMap}) over the plate in dim grey.
 * Both burn in a bar at the bottom with the timecode, the frame number and the frame's review score; a frame whose
 * score is above the threshold gets a red border and its score in red, so flagged frames are seen while scrubbing.
 *
 * <p>yuv420p needs even sizes: an odd width or height gets one more column/row repeating the last one. Frame rate
 * and timecode are written; {@code +faststart} puts the index first for web players. Like {@link ProResWriter},
 * the movie is renamed into place by {@link #finish()} and deleted by {@link #close()} otherwise.
 */
public final class PreviewWriter extends MovieWriter {
    /** What the picture shows. */
    public enum View {
        /** The plate with the matte's tint and outline. */
        MATTE,
        /** The uncertainty as a heat map over the plate in grey. */
        UNCERTAINTY
    }

    /** The tint colour mixed into the matte area and the outline's colour (encoded values). */
    public static final float[] TINT = {0.1f, 0.95f, 0.2f};
    /** How much of the tint is mixed in where alpha is 1: light, so skin tones stay readable. */
    public static final float TINT_AMOUNT = 0.2f;
    /** Brightness of the plate outside the matte (still in colour). */
    public static final float OUTSIDE = 0.7f;
    /** The outline: where alpha crosses this value. */
    public static final float EDGE = 0.5f;
    /** Brightness of the grey plate under the uncertainty heat map. */
    public static final float HEAT_GREY = 0.45f;
    /** The border colour of a flagged frame (encoded values). */
    public static final float[] FLAG = {0.95f, 0.1f, 0.1f};

    static {
        // pictures are drawn off screen: never open a display connection (a farm node or an ssh session with X)
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final int outW;
    private final int outH;
    private final View view;
    private final double threshold;
    private final float[] row;
    private final float[] picture;
    private final BufferedImage bar;
    private boolean captions = true;
    private String captionsSkipped;

    /** A matte view without a review threshold (no frame is flagged). */
    public PreviewWriter(Path file, int width, int height, FrameRate rate, Timecode timecode) throws IOException {
        this(file, width, height, rate, timecode, null, View.MATTE, Double.POSITIVE_INFINITY);
    }

    /**
     * @param audio     the input's audio to copy in, when the MP4 container can hold its codec; or null
     * @param threshold frames whose score is above it are marked as flagged
     */
    public PreviewWriter(Path file, int width, int height, FrameRate rate, Timecode timecode, AudioRange audio,
                         View view, double threshold) throws IOException {
        super(file, width, height);
        this.outW = width + (width & 1);
        this.outH = height + (height & 1);
        this.view = view;
        this.threshold = threshold;
        this.row = new float[outW];
        this.picture = new float[3 * width * height];
        this.bar = new BufferedImage(width, barHeight(height), BufferedImage.TYPE_INT_RGB);
        start(new MovieEncoder(file, "mp4", "libx264", AV_PIX_FMT_YUV420P, AV_PIX_FMT_GBRPF32LE, outW, outH,
                rate, timecode, Map.of("crf", "20", "preset", "fast"), Map.of("movflags", "+faststart"), audio));
    }

    /** Height of the burnt-in bar at the bottom of a picture {@code height} rows high. */
    public static int barHeight(int height) {
        return Math.min(height, Math.max(12, Math.round(height * 0.055f)));
    }

    /** Width of the red border of a flagged frame. */
    public static int borderWidth(int height) {
        return Math.max(2, Math.round(height / 120f));
    }

    /** Outline thickness: one pixel up to 720 rows, more on larger pictures so it stays visible. */
    static int outlineWidth(int height) {
        return Math.max(1, Math.round(height / 720f));
    }

    /**
     * The matte view of one picture: planar RGB {@code out} from the plate and the matte ({@code width * height},
     * planar). Outside: {@code OUTSIDE * plate}; inside: {@code (1 - TINT_AMOUNT) * plate + TINT_AMOUNT * TINT};
     * mixed by alpha; then the outline in {@link #TINT} on the pixels of the matte next to the outside.
     */
    public static void overlay(float[] plateRgb, float[] matte, int width, int height, float[] out) {
        int area = width * height;
        float keep = 1f - TINT_AMOUNT;
        for (int i = 0; i < area; i++) {
            float a = clamp(matte[i]);
            for (int c = 0; c < 3; c++) {
                float p = plateRgb[c * area + i];
                out[c * area + i] = (1 - a) * OUTSIDE * p + a * (keep * p + TINT_AMOUNT * TINT[c]);
            }
        }
        boolean[] edge = outline(matte, width, height, outlineWidth(height));
        for (int i = 0; i < area; i++) {
            if (edge[i]) {
                for (int c = 0; c < 3; c++) {
                    out[c * area + i] = TINT[c];
                }
            }
        }
    }

    /**
     * The pixels of the outline: inside the matte ({@code >= EDGE}) with a pixel outside it within {@code thickness}
     * (4-neighbours, grown square by square), so the line sits on the matte's side of the edge.
     */
    static boolean[] outline(float[] matte, int width, int height, int thickness) {
        int area = width * height;
        boolean[] edge = new boolean[area];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (matte[i] < EDGE) {
                    continue;
                }
                boolean border = (x > 0 && matte[i - 1] < EDGE) || (x < width - 1 && matte[i + 1] < EDGE)
                        || (y > 0 && matte[i - width] < EDGE) || (y < height - 1 && matte[i + width] < EDGE);
                edge[i] = border;
            }
        }
        for (int grow = 1; grow < thickness; grow++) {
            boolean[] next = edge.clone();
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int i = y * width + x;
                    if (edge[i] || matte[i] < EDGE) {
                        continue;
                    }
                    next[i] = (x > 0 && edge[i - 1]) || (x < width - 1 && edge[i + 1]) || (y > 0 && edge[i - width])
                            || (y < height - 1 && edge[i + width]);
                }
            }
            edge = next;
        }
        return edge;
    }

    /**
     * The uncertainty view of one picture: the plate's luma at {@link #HEAT_GREY} with the heat map colour of the
     * uncertainty ({@link HeatMap#color}) laid over it by {@link HeatMap#opacity}.
     */
    public static void uncertaintyView(float[] plateRgb, float[] uncertainty, int width, int height, float[] out) {
        int area = width * height;
        float[] c = new float[3];
        for (int i = 0; i < area; i++) {
            float grey = HEAT_GREY * clamp(0.2126f * plateRgb[i] + 0.7152f * plateRgb[area + i]
                    + 0.0722f * plateRgb[2 * area + i]);
            float u = uncertainty[i];
            HeatMap.color(u, c);
            float o = HeatMap.opacity(u);
            for (int k = 0; k < 3; k++) {
                out[k * area + i] = (1 - o) * grey + o * c[k];
            }
        }
    }

    /** Writes one frame of the matte view without timecode, score or uncertainty (frame number from the plate). */
    public void write(Frame plate, float[] matte) throws IOException {
        write(plate, matte, null, null, Double.NaN);
    }

    /**
     * Writes one frame.
     *
     * @param plate       the plate, display-encoded
     * @param matte       its matte ({@code width * height})
     * @param uncertainty its uncertainty; needed by the uncertainty view, else may be null
     * @param timecode    burnt in when not null
     * @param score       the frame's review score, or NaN when it has none
     */
    public void write(Frame plate, float[] matte, float[] uncertainty, Timecode timecode, double score)
            throws IOException {
        if (plate.width() != width || plate.height() != height) {
            throw reject("frame is " + plate.width() + "x" + plate.height() + ", the preview is " + width + "x"
                    + height);
        }
        if (matte == null || matte.length != width * height) {
            throw reject("matte has " + (matte == null ? 0 : matte.length) + " values, expected " + width * height);
        }
        if (view == View.UNCERTAINTY && (uncertainty == null || uncertainty.length != width * height)) {
            throw reject("uncertainty has " + (uncertainty == null ? 0 : uncertainty.length) + " values, expected "
                    + width * height);
        }
        encode(e -> {
            if (view == View.MATTE) {
                overlay(plate.rgb(), matte, width, height, picture);
            } else {
                uncertaintyView(plate.rgb(), uncertainty, width, height, picture);
            }
            boolean flagged = score > threshold;
            caption(plate.number(), timecode, score, flagged);
            if (flagged) { // over the bar too, so the frame is red all round
                border(picture, width, height, borderWidth(height));
            }
            Samples.fillPlanarFloat(e.input(), width, height, outW, outH, picture, null, false, false, row);
        });
    }

    /** Why the captions are missing from the movie (no font could be drawn on this machine), or null. */
    public String captionsSkipped() {
        return captionsSkipped;
    }

    private static void border(float[] rgb, int w, int h, int b) {
        int area = w * h;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (x < b || y < b || x >= w - b || y >= h - b) {
                    for (int c = 0; c < 3; c++) {
                        rgb[c * area + y * w + x] = FLAG[c];
                    }
                }
            }
        }
    }

    /**
     * Burns the bar into the bottom rows of {@link #picture}: the picture darkened, with the timecode and frame
     * number on the left and the score on the right (red with "CHECK" when flagged). Drawn with Java2D on an image
     * of the bar and copied back; a machine without fonts gets the darkened bar only (noted once).
     */
    private void caption(long frame, Timecode timecode, double score, boolean flagged) {
        int bh = bar.getHeight();
        int y0 = height - bh;
        int area = width * height;
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < width; x++) {
                int i = (y0 + y) * width + x;
                int r = to8(0.25f * picture[i]);
                int g = to8(0.25f * picture[area + i]);
                int b = to8(0.25f * picture[2 * area + i]);
                bar.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        if (captions) {
            try {
                drawText(frame, timecode, score, flagged, bh);
            } catch (RuntimeException | Error e) { // no fonts (a bare container): the movie is still worth having
                captions = false;
                captionsSkipped = "no font to burn in the timecode (" + e + ")";
            }
        }
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < width; x++) {
                int v = bar.getRGB(x, y);
                int i = (y0 + y) * width + x;
                picture[i] = ((v >> 16) & 0xff) / 255f;
                picture[area + i] = ((v >> 8) & 0xff) / 255f;
                picture[2 * area + i] = (v & 0xff) / 255f;
            }
        }
    }

    private void drawText(long frame, Timecode timecode, double score, boolean flagged, int bh) {
        Graphics2D g = bar.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.MONOSPACED, Font.BOLD, Math.max(9, Math.round(bh * 0.72f))));
            FontMetrics fm = g.getFontMetrics();
            int base = (bh - fm.getHeight()) / 2 + fm.getAscent();
            int pad = Math.max(2, bh / 3);
            String left = (timecode != null ? timecode.text() + "  " : "") + "#" + frame;
            g.setColor(Color.WHITE);
            g.drawString(left, pad, base);
            if (!Double.isNaN(score)) {
                String right = (flagged ? "CHECK " : (view == View.UNCERTAINTY ? "unc. " : "")) + "score "
                        + String.format(Locale.ROOT, "%.3f", score);
                int w = fm.stringWidth(right);
                if (pad + fm.stringWidth(left) + pad + w + pad <= width) { // a narrow picture keeps the timecode
                    g.setColor(flagged ? new Color(255, 70, 60) : new Color(200, 200, 200));
                    g.drawString(right, width - pad - w, base);
                }
            }
        } finally {
            g.dispose();
        }
    }

    private static int to8(float v) {
        return Math.round(clamp(v) * 255f);
    }

    private static float clamp(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
