package org.facemat.train.loop;

import com.google.gson.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.facemat.io.AtomicFile;

/**
 * Draws a run's metrics log as a PNG: the training loss per step (thin) and its moving average (thick) above, the
 * validation unknown-band MSE and IoU below.
 */
final class LossCurvePlot {
    private static final int W = 900;
    private static final int PANEL = 260;
    private static final int M = 60;

    private LossCurvePlot() {
    }

    static void write(List<JsonObject> log, String title, Path png) throws IOException {
        List<double[]> loss = new ArrayList<>();
        List<double[]> mse = new ArrayList<>();
        List<double[]> iou = new ArrayList<>();
        for (JsonObject o : log) {
            double step = o.get("step").getAsDouble();
            if ("step".equals(o.get("kind").getAsString())) {
                loss.add(new double[] {step, o.get("loss").getAsDouble()});
            } else if ("validation".equals(o.get("kind").getAsString())) {
                mse.add(new double[] {step, o.get("band_mse").getAsDouble()});
                iou.add(new double[] {step, o.get("iou").getAsDouble()});
            }
        }
        BufferedImage img = new BufferedImage(W, 2 * PANEL + 2 * M + 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(title, M, 20);
        double maxStep = 1;
        for (double[] p : loss) {
            maxStep = Math.max(maxStep, p[0]);
        }
        for (double[] p : mse) {
            maxStep = Math.max(maxStep, p[0]);
        }
        panel(g, M / 2 + 10, "training loss (thin: per step, thick: mean of 20)", maxStep,
                List.of(new Series(loss, new Color(150, 170, 220), 1f), new Series(smooth(loss, 20), Color.BLUE, 2.5f)));
        panel(g, M / 2 + PANEL + M, "validation: unknown-band MSE (red), IoU (green, right scale 0..1)", maxStep,
                List.of(new Series(mse, Color.RED, 2f)));
        overlayUnit(g, M / 2 + PANEL + M, iou, maxStep);
        g.dispose();
        AtomicFile af = new AtomicFile(png);
        try {
            ImageIO.write(img, "png", af.temp().toFile());
            af.commit();
        } catch (IOException e) {
            af.abort();
            throw e;
        }
    }

    private record Series(List<double[]> points, Color colour, float width) {
    }

    private static List<double[]> smooth(List<double[]> pts, int n) {
        List<double[]> out = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < pts.size(); i++) {
            sum += pts.get(i)[1];
            if (i >= n) {
                sum -= pts.get(i - n)[1];
            }
            out.add(new double[] {pts.get(i)[0], sum / Math.min(i + 1, n)});
        }
        return out;
    }

    private static void panel(Graphics2D g, int top, String label, double maxStep, List<Series> series) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double[] p : s.points) {
                lo = Math.min(lo, p[1]);
                hi = Math.max(hi, p[1]);
            }
        }
        if (!(hi > lo)) {
            lo = Double.isFinite(lo) ? lo - 1 : 0;
            hi = lo + 2;
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(M, top, W - 2 * M, PANEL);
        g.drawString(label, M, top - 4);
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            int y = top + PANEL - (int) Math.round(PANEL * i / 4.0);
            g.drawString(String.format(Locale.ROOT, "%.4g", v), 4, y + 4);
            g.drawString(String.format(Locale.ROOT, "%.0f", maxStep * i / 4), M + (W - 2 * M) * i / 4 - 8,
                    top + PANEL + 14);
        }
        for (Series s : series) {
            g.setColor(s.colour);
            g.setStroke(new BasicStroke(s.width));
            draw(g, s.points, top, lo, hi, maxStep);
        }
    }

    private static void overlayUnit(Graphics2D g, int top, List<double[]> pts, double maxStep) {
        g.setColor(new Color(0, 150, 0));
        for (int i = 0; i <= 4; i++) {
            int y = top + PANEL - (int) Math.round(PANEL * i / 4.0);
            g.drawString(String.format(Locale.ROOT, "%.2f", i / 4.0), W - M + 6, y + 4);
        }
        g.setStroke(new BasicStroke(2f));
        draw(g, pts, top, 0, 1, maxStep);
    }

    private static void draw(Graphics2D g, List<double[]> pts, int top, double lo, double hi, double maxStep) {
        int px = -1;
        int py = -1;
        for (double[] p : pts) {
            int x = M + (int) Math.round((W - 2 * M) * p[0] / maxStep);
            int y = top + PANEL - (int) Math.round(PANEL * (p[1] - lo) / (hi - lo));
            if (px >= 0) {
                g.drawLine(px, py, x, y);
            } else {
                g.fillOval(x - 2, y - 2, 4, 4);
            }
            px = x;
            py = y;
        }
    }
}
