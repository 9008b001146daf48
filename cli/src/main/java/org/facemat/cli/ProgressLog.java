package org.facemat.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.facemat.render.RenderListener;
import org.facemat.render.RenderPlan;
import org.facemat.render.RenderSummary;

/** Render progress: a bar with fps and ETA for a person at a terminal, one JSON line per frame for a farm's log. */
abstract class ProgressLog implements RenderListener {

    static ProgressLog create(String mode, PrintWriter out, PrintWriter err) {
        String m = mode.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "auto":
                return System.console() != null ? new Bar(err) : new Json(out);
            case "bar":
                return new Bar(err);
            case "json":
                return new Json(out);
            case "quiet":
                return new ProgressLog() {
                    @Override
                    void finished(RenderSummary r) {
                    }
                };
            default:
                throw new CliFailure(ExitCode.USAGE, "bad --log '" + mode + "' (auto, bar, json or quiet)");
        }
    }

    abstract void finished(RenderSummary r);

    /** A JSON string literal: quotes, backslashes and control characters escaped (RFC 8259). */
    static String json(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static final class Json extends ProgressLog {
        private final PrintWriter out;

        Json(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void started(RenderPlan p) {
            out.printf(Locale.ROOT, "{\"event\":\"start\",\"input\":%s,\"first\":%d,\"last\":%d,\"preroll_from\":%d,"
                    + "\"to_write\":%d,\"ratio\":%s,\"model\":%s,\"provider\":%s,\"colorspace\":%s}%n",
                    json(p.input()), p.first(), p.last(), p.networkFirst(), p.toWrite(), p.ratio(), json(p.model()),
                    json(p.provider()), json(p.colorSpace()));
            out.flush();
        }

        @Override
        public void written(long frame, int done, int total, double fps, double eta) {
            out.printf(Locale.ROOT, "{\"event\":\"frame\",\"frame\":%d,\"done\":%d,\"total\":%d,\"fps\":%.2f,"
                    + "\"eta_s\":%s}%n", frame, done, total, fps, Double.isNaN(eta) ? "null" : String.format(Locale.ROOT,
                    "%.1f", eta));
            out.flush();
        }

        @Override
        public void skipped(long frame, String reason) {
            out.printf(Locale.ROOT, "{\"event\":\"skipped\",\"frame\":%d,\"reason\":%s}%n", frame, json(reason));
            out.flush();
        }

        @Override
        void finished(RenderSummary r) {
            out.printf(Locale.ROOT, "{\"event\":\"done\",\"written\":%d,\"passed\":%d,\"skipped\":%d,"
                    + "\"seconds\":%.2f,\"fps\":%.2f,\"without_face\":%d,\"too_small\":%d}%n", r.written(),
                    r.passedThrough(), r.skipped().size(), r.seconds(), r.writtenFps(), r.withoutFace(), r.tooSmall());
            out.flush();
        }
    }

    static final class Bar extends ProgressLog {
        private final PrintWriter err;
        private long lastDraw;

        Bar(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void started(RenderPlan p) {
            err.printf("rendering %s frames %d-%d (%d to write) with %s on %s, colour %s%n", p.input(), p.first(),
                    p.last(), p.toWrite(), p.model(), p.provider(), p.colorSpace());
        }

        @Override
        public void passed(long frame) {
            long now = System.nanoTime();
            if (now - lastDraw > 200_000_000L) {
                lastDraw = now;
                err.printf("\rbuilding state: frame %d   ", frame);
                err.flush();
            }
        }

        @Override
        public void written(long frame, int done, int total, double fps, double eta) {
            long now = System.nanoTime();
            if (done < total && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            int width = 30;
            int filled = total > 0 ? (int) ((long) width * done / total) : width;
            String bar = "#".repeat(filled) + ".".repeat(width - filled);
            String etaText = Double.isNaN(eta) ? "--:--" : String.format("%d:%02d", (long) eta / 60, (long) eta % 60);
            err.printf(Locale.ROOT, "\r[%s] %d/%d  frame %d  %.1f fps  ETA %s ", bar, done, total, frame, fps, etaText);
            err.flush();
        }

        @Override
        public void skipped(long frame, String reason) {
            err.printf("%nfacemat: warning: skipped frame %d: %s%n", frame, reason);
        }

        @Override
        void finished(RenderSummary r) {
            err.printf(Locale.ROOT, "%ndone: %d frames written in %.1f s (%.1f fps)%n", r.written(), r.seconds(),
                    r.writtenFps());
            if (r.withoutFace() > 0 || r.tooSmall() > 0) {
                err.printf(Locale.ROOT, "faces: %d frame(s) without a face (matte 0), %d face(s) too small to "
                        + "matte%n", r.withoutFace(), r.tooSmall());
            }
            err.flush();
        }
    }
}
