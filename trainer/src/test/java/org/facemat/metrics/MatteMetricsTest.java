package org.facemat.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MatteMetricsTest {

    /** A face-like matte: a soft-edged ellipse. */
    private static float[] ellipse(int h, int w, double shift) {
        float[] a = new float[h * w];
        double cy = h / 2.0;
        double cx = w / 2.0 + shift;
        double ry = h * 0.35;
        double rx = w * 0.18;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.hypot((y - cy) / ry, (x - cx) / rx);
                a[y * w + x] = (float) Math.min(1, Math.max(0, (1 - d) * 40 + 0.5));
            }
        }
        return a;
    }

    @Test
    void perfectPredictionGivesZerosAndFullOverlap() {
        int h = 60;
        int w = 80;
        float[] gt = ellipse(h, w, 0);
        MatteMetrics m = MatteMetrics.of(gt.clone(), gt, null, Trimap.unknownBand(gt, h, w), h, w);
        assertEquals(0, m.mse());
        assertEquals(0, m.sad());
        assertEquals(0, m.grad());
        assertEquals(0, m.conn());
        assertEquals(1, m.iou());
        assertEquals(1, m.accuracy());
        assertEquals(1, m.recall());
        assertTrue(Double.isNaN(m.spearman()));
        assertTrue(m.toJson().contains("\"ause\":null"), m.toJson());
    }

    @Test
    void jsonTableAndAccumulator() {
        MatteMetrics a = new MatteMetrics(1, 0.01, 2, 0.001, 3, 4, 5, 0.9, 0.95, 0.97, 0.5, 0.002, Double.NaN);
        MatteMetrics b = new MatteMetrics(1, 0.03, 4, 0.003, 5, 6, 7, 0.7, 0.85, 0.87, Double.NaN, Double.NaN, 2.0);
        String json = a.toJson();
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
        assertEquals(java.util.List.of("frames", "mse"), o.keySet().stream().limit(2).toList(), json);
        assertEquals(1, o.get("frames").getAsInt());
        assertEquals(0.01, o.get("mse").getAsDouble(), 0);
        assertTrue(json.endsWith("\"dtssd\":null}"), json);
        assertTrue(a.toTable().contains("grad"));
        MatteMetrics mean = new MatteMetrics.Accumulator().add(a).add(b).mean();
        assertEquals(2, mean.frames());
        assertEquals(0.02, mean.mse(), 1e-12);
        assertEquals(0.8, mean.iou(), 1e-12);
        assertEquals(0.5, mean.spearman(), 1e-12); // only frame a defines it
        assertEquals(2.0, mean.dtssd(), 1e-12);
        assertTrue(Double.isNaN(new MatteMetrics.Accumulator().mean().mse()));
    }

    @Test
    void sequenceAccumulatorAveragesPairDtssd() {
        // 1 x 2 frames, gt static at 0; pred pixel 0: 0 -> 0.5 -> 0.5 (same as the hand-worked dtSSD case)
        MatteMetrics.Accumulator acc = new MatteMetrics.Accumulator();
        float[] frame = {0f, 0f};
        float[] gt = {0f, 0f};
        assertTrue(Double.isNaN(acc.addSequenceFrame(frame, gt, null, null, 1, 2).dtssd()));
        frame[0] = 0.5f; // the caller recycles its array
        assertEquals(100 * Math.sqrt(0.125), acc.addSequenceFrame(frame, gt, null, null, 1, 2).dtssd(), 1e-9);
        assertEquals(0, acc.addSequenceFrame(frame, gt, null, null, 1, 2).dtssd(), 1e-12);
        MatteMetrics mean = acc.mean();
        assertEquals(3, mean.frames());
        assertEquals(100 * Math.sqrt(0.125) / 2, mean.dtssd(), 1e-9);
        // MSE frames: 0, 0.125, 0.125
        assertEquals(0.25 / 3, mean.mseFull(), 1e-9);
        acc.endSequence();
        assertTrue(Double.isNaN(acc.addSequenceFrame(frame, gt, null, null, 1, 2).dtssd()));
    }

    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "facemat.bench", matches = "true")
    void fullHdFrameTiming() { // a measurement, printed: run with -Dfacemat.bench=true
        int h = 1080;
        int w = 1920;
        float[] gt = ellipse(h, w, 0);
        float[] pred = ellipse(h, w, 3);
        Random rnd = new Random(9);
        float[] sigma = new float[h * w];
        for (int i = 0; i < sigma.length; i++) {
            pred[i] = Math.min(1f, Math.max(0f, pred[i] + (rnd.nextFloat() - 0.5f) * 0.02f));
            sigma[i] = Math.abs(pred[i] - gt[i]) + rnd.nextFloat() * 0.05f;
        }
        MatteMetrics m = null;
        long best = Long.MAX_VALUE;
        long bestBand = Long.MAX_VALUE;
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            boolean[] band = Trimap.unknownBand(gt, h, w);
            long t1 = System.nanoTime();
            m = MatteMetrics.of(pred, gt, sigma, band, h, w);
            long t2 = System.nanoTime();
            best = Math.min(best, t2 - t0);
            bestBand = Math.min(bestBand, t1 - t0);
        }
        long bestFull = Long.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            MatteMetrics.of(pred, gt, sigma, null, h, w);
            bestFull = Math.min(bestFull, System.nanoTime() - t0);
        }
        long[] parts = new long[5];
        boolean[] band = Trimap.unknownBand(gt, h, w);
        for (int rep = 0; rep < 3; rep++) {
            long t = System.nanoTime();
            GradError.grad(pred, gt, band, h, w);
            long t1 = System.nanoTime();
            ConnectivityError.conn(pred, gt, band, h, w);
            long t2 = System.nanoTime();
            UncertaintyMetrics.spearman(pred, gt, sigma, null);
            long t3 = System.nanoTime();
            UncertaintyMetrics.ause(pred, gt, sigma, null);
            long t4 = System.nanoTime();
            PixelMetrics.mse(pred, gt, band);
            long t5 = System.nanoTime();
            parts[0] = rep == 0 ? t1 - t : Math.min(parts[0], t1 - t);
            parts[1] = rep == 0 ? t2 - t1 : Math.min(parts[1], t2 - t1);
            parts[2] = rep == 0 ? t3 - t2 : Math.min(parts[2], t3 - t2);
            parts[3] = rep == 0 ? t4 - t3 : Math.min(parts[3], t4 - t3);
            parts[4] = rep == 0 ? t5 - t4 : Math.min(parts[4], t5 - t4);
        }
        System.out.printf(Locale.ROOT, "1920x1080, all metrics incl. trimap band: %.1f ms (band %.1f ms; band has %d px)%n",
                best / 1e6, bestBand / 1e6, Trimap.count(band));
        System.out.printf(Locale.ROOT, "1920x1080, all metrics over the whole frame (no band): %.1f ms%n",
                bestFull / 1e6);
        System.out.printf(Locale.ROOT, "  grad %.1f ms, conn %.1f ms, spearman full frame %.1f ms, ause full frame %.1f ms,"
                + " mse %.1f ms%n", parts[0] / 1e6, parts[1] / 1e6, parts[2] / 1e6, parts[3] / 1e6, parts[4] / 1e6);
        System.out.print(m.toTable());
        System.out.println(m.toJson());
        assertTrue(m.mse() > 0 && m.iou() < 1 && m.spearman() > 0 && m.ause() >= 0);
    }
}
