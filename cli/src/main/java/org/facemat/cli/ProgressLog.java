package org.facemat.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.Locale;
import org.facemat.render.RenderListener;
import org.facemat.render.RenderPlan;
import org.facemat.render.RenderSummary;

/**
 * Render progress: a bar with fps and ETA for a person at a terminal, one JSON line per event for a farm's log
 * (docs/farm.md lists the events). The pre-roll is reported with its own count and ETA, so a monitor sees a task move
 * from its start.
 */
abstract class ProgressLog implements RenderListener {
    /** One line per event: no pretty printing; NaN and infinities never reach it (they are written as null). */
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    static ProgressLog create(String mode, PrintWriter out, PrintWriter err) {
        String m = mode.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "auto":
                return System.console() != null ? new Bar(err) : new Json(out, err);
            case "bar":
                return new Bar(err);
            case "json":
                return new Json(out, err);
            case "quiet":
                return new ProgressLog() {
                    @Override
                    void finished(RenderSummary r) {
                    }

                    @Override
                    void interrupted(String signal, int written) {
                    }
                };
            default:
                throw new CliFailure(ExitCode.USAGE, "bad --log '" + mode + "' (auto, bar, json or quiet)");
        }
    }

    private int writtenSoFar;

    abstract void finished(RenderSummary r);

    /** Frames written so far (the last {@code done} reported). */
    int writtenSoFar() {
        return writtenSoFar;
    }

    /** Counts, then reports ({@link #report}). */
    @Override
    public final void written(long frame, int done, int total, double fps, double eta) {
        writtenSoFar = done;
        report(frame, done, total, fps, eta);
    }

    /** A written frame, as the subclass shows it. */
    void report(long frame, int done, int total, double fps, double eta) {
    }

    /** The render was stopped by {@code signal} (INT, TERM) after {@code written} frames. */
    abstract void interrupted(String signal, int written);

    /** The rate, timecode and numbering a render writes, as the start of a render and {@code --dry-run} print it. */
    static String timeLine(RenderPlan p) {
        return p.rate() + " fps (" + String.format(Locale.ROOT, "%.3f", p.rate().fps())
                + (p.rateAssumed() ? ", assumed: the files carry none, --fps sets it" : "") + "), timecode "
                + (p.timecode() != null ? p.timecodeOf(p.first()) + " at frame " + p.first() : "none")
                + ", frames " + p.frames();
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? Math.round(d * 100) / 100.0 : null;
    }

    static final class Json extends ProgressLog {
        private final PrintWriter out;
        private final PrintWriter err;

        Json(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void warning(String message) {
            err.println("facemat: warning: " + message);
            err.flush();
        }

        private void emit(JsonObject o) {
            out.println(GSON.toJson(o));
            out.flush();
        }

        private static JsonObject event(String name) {
            JsonObject o = new JsonObject();
            o.addProperty("event", name);
            return o;
        }

        @Override
        public void started(RenderPlan p) {
            JsonObject o = event("start");
            o.addProperty("input", p.input());
            o.addProperty("first", p.first());
            o.addProperty("last", p.last());
            o.addProperty("frames", p.frames());
            o.addProperty("preroll_from", p.networkFirst());
            o.addProperty("preroll_frames", p.prerollFrames());
            o.addProperty("to_write", p.toWrite());
            o.addProperty("fps", p.rate().toString());
            o.addProperty("timecode", p.timecode() == null ? null : p.timecodeOf(p.first()).text());
            o.addProperty("ratio", p.ratio());
            o.addProperty("model", p.model());
            o.addProperty("provider", p.provider());
            o.addProperty("colorspace", p.colorSpace());
            emit(o);
        }

        @Override
        public void prerolled(long frame, long done, long total, double fps, double eta) {
            progress("preroll", frame, done, total, fps, eta);
        }

        @Override
        void report(long frame, int done, int total, double fps, double eta) {
            progress("frame", frame, done, total, fps, eta);
        }

        /** A pre-roll or a written frame: the same fields, so a monitor reads both alike. */
        private void progress(String name, long frame, long done, long total, double fps, double eta) {
            JsonObject o = event(name);
            o.addProperty("frame", frame);
            o.addProperty("done", done);
            o.addProperty("total", total);
            o.addProperty("fps", finite(fps));
            o.addProperty("eta_s", finite(eta));
            emit(o);
        }

        @Override
        public void skipped(long frame, String reason) {
            JsonObject o = event("skipped");
            o.addProperty("frame", frame);
            o.addProperty("reason", reason);
            emit(o);
        }

        @Override
        void finished(RenderSummary r) {
            JsonObject o = event("done");
            o.addProperty("written", r.written());
            o.addProperty("passed", r.passedThrough());
            o.addProperty("skipped", r.skipped().size());
            o.addProperty("seconds", finite(r.seconds()));
            o.addProperty("fps", finite(r.writtenFps()));
            o.addProperty("without_face", r.withoutFace());
            o.addProperty("too_small", r.tooSmall());
            emit(o);
        }

        @Override
        void interrupted(String signal, int written) {
            JsonObject o = event("interrupted");
            o.addProperty("signal", signal);
            o.addProperty("written", written);
            emit(o);
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
            err.printf("rendering %s frames %s (%d to write) with %s on %s, colour %s%n", p.input(), p.frames(),
                    p.toWrite(), p.model(), p.provider(), p.colorSpace());
            err.printf("time: %s%n", timeLine(p));
        }

        @Override
        public void warning(String message) {
            err.printf("%nfacemat: warning: %s%n", message);
        }

        @Override
        public void prerolled(long frame, long done, long total, double fps, double eta) {
            draw("pre-roll", frame, done, total, fps, eta);
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
        void report(long frame, int done, int total, double fps, double eta) {
            draw("", frame, done, total, fps, eta);
        }

        private void draw(String what, long frame, long done, long total, double fps, double eta) {
            long now = System.nanoTime();
            if (done < total && now - lastDraw < 100_000_000L) {
                return;
            }
            lastDraw = now;
            int width = 30;
            int filled = total > 0 ? (int) ((long) width * done / total) : width;
            String bar = "#".repeat(filled) + ".".repeat(width - filled);
            String etaText = Double.isNaN(eta) ? "--:--" : String.format("%d:%02d", (long) eta / 60, (long) eta % 60);
            err.printf(Locale.ROOT, "\r%s[%s] %d/%d  frame %d  %.1f fps  ETA %s ", what.isEmpty() ? "" : what + " ",
                    bar, done, total, frame, fps, etaText);
            if (!what.isEmpty() && done == total) {
                err.println();
            }
            err.flush();
        }

        @Override
        public void skipped(long frame, String reason) {
            err.printf("%nfacemat: warning: skipped frame %d: %s%n", frame, reason);
        }

        @Override
        void finished(RenderSummary r) {
            err.printf(Locale.ROOT, "%ndone: %d frames written in %.1f s (%.1f fps while writing)%n", r.written(),
                    r.seconds(), r.writtenFps());
            if (r.withoutFace() > 0 || r.tooSmall() > 0) {
                err.printf(Locale.ROOT, "faces: %d frame(s) without a face (matte 0), %d face(s) too small to "
                        + "matte%n", r.withoutFace(), r.tooSmall());
            }
            err.flush();
        }

        @Override
        void interrupted(String signal, int written) {
            err.println();
            err.flush();
        }
    }
}
