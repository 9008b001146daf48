package org.facemat.review;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.facemat.io.AtomicFile;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The score over the frames, with the threshold and the flagged ranges, drawn by JFreeChart to a PNG. */
final class ScorePlot {
    static final Color BACKGROUND = new Color(0x16, 0x18, 0x1d);
    static final Color PANEL = new Color(0x1d, 0x20, 0x26);
    static final Color GRID = new Color(0x33, 0x38, 0x42);
    static final Color TEXT = new Color(0xb8, 0xbe, 0xc8);
    static final Color SCORE = new Color(0x5c, 0xc8, 0xff);
    static final Color UNCERTAINTY = new Color(0xb0, 0x8c, 0xf0);
    static final Color FLICKER = new Color(0x7a, 0xd9, 0x8a);
    static final Color THRESHOLD = new Color(0xff, 0xa8, 0x30);
    static final Color FLAGGED = new Color(0xff, 0x40, 0x40, 0x48);

    private ScorePlot() {
    }

    static JFreeChart chart(ReviewFile r) {
        XYSeries score = new XYSeries("score");
        // the score's two parts in its own units (score^2 = their squares' sum), so they share its axis
        XYSeries uncertainty = new XYSeries("from uncertainty");
        XYSeries flicker = new XYSeries("from flicker");
        double top = r.threshold() * 1.5;
        long last = Long.MIN_VALUE;
        for (FrameScore f : r.frames()) {
            if (last != Long.MIN_VALUE && f.frame() > last + 1) { // a gap in the frames is a gap in the lines
                score.add(last + 1, null);
                uncertainty.add(last + 1, null);
                flicker.add(last + 1, null);
            }
            score.add(f.frame(), finite(f.score()));
            double area = Math.sqrt(Math.max(0, f.faceArea()));
            uncertainty.add(f.frame(), finite(area * f.uncertainty()));
            flicker.add(f.frame(), finite(area * f.flicker() / 2));
            top = Math.max(top, finiteOr0(f.score()) * 1.12);
            last = f.frame();
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(score);
        data.addSeries(uncertainty);
        data.addSeries(flicker);

        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        NumberAxis x = new NumberAxis("frame");
        x.setAutoRangeIncludesZero(false);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("score (predicted RMS alpha error)");
        y.setRange(0, top);
        for (NumberAxis a : new NumberAxis[] {x, y}) {
            a.setLabelPaint(TEXT);
            a.setTickLabelPaint(TEXT);
            a.setLabelFont(small);
            a.setTickLabelFont(small);
            a.setAxisLinePaint(GRID);
            a.setTickMarkPaint(GRID);
        }
        if (r.frames().size() == 1) { // one frame: a range around it, else the axis has no width
            long f = r.frames().get(0).frame();
            x.setRange(f - 1, f + 1);
        }
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, r.frames().size() <= 2);
        lines.setSeriesPaint(0, SCORE);
        lines.setSeriesStroke(0, new BasicStroke(3.2f));
        // its two parts thinner and dashed: the score (often close to the uncertainty) stays readable over them
        BasicStroke part = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                new float[] {5f, 4f}, 0f);
        lines.setSeriesPaint(1, UNCERTAINTY);
        lines.setSeriesStroke(1, part);
        lines.setSeriesPaint(2, FLICKER);
        lines.setSeriesStroke(2, part);
        XYPlot plot = new XYPlot(data, x, y, lines);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setBackgroundPaint(PANEL);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.REVERSE); // the score on top
        for (FlaggedRange f : r.flagged()) {
            IntervalMarker m = new IntervalMarker(f.first() - 0.5, f.last() + 0.5, FLAGGED);
            plot.addDomainMarker(m);
        }
        ValueMarker t = new ValueMarker(r.threshold(), THRESHOLD, new BasicStroke(1.4f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        t.setLabel(String.format(java.util.Locale.ROOT, "threshold %.3f", r.threshold()));
        t.setLabelPaint(THRESHOLD);
        t.setLabelFont(small);
        t.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        t.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(t);

        JFreeChart chart = new JFreeChart(null, small, plot, true);
        chart.setBackgroundPaint(BACKGROUND);
        chart.setAntiAlias(true);
        LegendTitle legend = chart.getLegend();
        legend.setBackgroundPaint(BACKGROUND);
        legend.setItemPaint(TEXT);
        legend.setItemFont(small);
        legend.setPosition(RectangleEdge.TOP);
        legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        return chart;
    }

    /** Writes the plot as a PNG of {@code width x height} CSS pixels, drawn at twice that for sharp screens. */
    static void write(ReviewFile r, Path file, int width, int height) throws IOException {
        JFreeChart chart = chart(r);
        AtomicFile.stream(file, (OutputStream out) -> ChartUtils.writeScaledChartAsPNG(out, chart, width, height, 2,
                2));
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static double finiteOr0(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
