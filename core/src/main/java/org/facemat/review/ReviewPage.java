package org.facemat.review;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.facemat.media.out.HeatMap;

/**
 * The report's page: one HTML file with its style and a small script inline, pictures from {@code img/} by relative
 * paths, nothing from the network. The flagged ranges are also in the page as data attributes of the rows of
 * {@code table#flagged-ranges} ({@code data-first}, {@code data-last}, {@code data-peak-frame}, ...), for tools and
 * tests. Once the page has loaded, the script marks each picture {@code data-loaded="yes|no"} and the body with the
 * counts ({@code data-images-ok}, {@code data-images-broken}).
 */
final class ReviewPage {
    private ReviewPage() {
    }

    static String html(ReviewSource source, ReviewReport.Selection sel, Map<Long, FramePictures.Drawn> drawn,
                       List<String> notes) {
        ReviewFile r = source.review();
        Map<Long, FrameScore> byFrame = new HashMap<>();
        for (FrameScore f : r.frames()) {
            byFrame.put(f.frame(), f);
        }
        long flaggedFrames = r.flagged().stream().mapToLong(FlaggedRange::frames).sum();
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"").append(ReviewReport.GENERATOR).append("\">\n")
                .append("<link rel=\"icon\" href=\"data:,\">\n") // no favicon request, even from a server
                .append("<title>Review: ").append(esc(r.shot())).append("</title>\n<style>\n").append(CSS)
                .append(".legend-heat{background:linear-gradient(to right,").append(HeatMap.cssStops())
                .append(");}\n</style>\n</head>\n");
        b.append("<body data-shot=\"").append(esc(r.shot())).append("\" data-threshold=\"").append(r.threshold())
                .append("\">\n<header>\n<h1><span class=\"app\">FaceMat review</span> ").append(esc(r.shot()))
                .append("</h1>\n<div class=\"verdict ").append(r.flagged().isEmpty() ? "clean" : "check").append("\">");
        if (r.flagged().isEmpty()) {
            b.append("No frame above the threshold");
        } else {
            b.append(r.flagged().size()).append(r.flagged().size() == 1 ? " range" : " ranges").append(" to check: ")
                    .append(flaggedFrames).append(" of ").append(r.frames().size()).append(" frames (")
                    .append(String.format(Locale.ROOT, "%.0f%%", 100.0 * flaggedFrames / Math.max(1,
                            r.frames().size()))).append(')');
        }
        b.append("</div>\n</header>\n<main>\n");

        b.append("<section class=\"meta\">\n<dl>\n");
        item(b, "Shot", r.shot());
        item(b, "Input", r.input() == null ? "not recorded" : r.input());
        item(b, "Model", r.model() == null ? "not recorded" : r.model());
        item(b, "Frame rate", r.fps() == null ? "not recorded" : r.fps());
        if (!r.frames().isEmpty()) {
            item(b, "Frames", r.frames().get(0).frame() + "-" + r.frames().get(r.frames().size() - 1).frame() + " ("
                    + r.frames().size() + " scored)");
        }
        item(b, "Threshold", fmt(r.threshold()));
        if (r.settings() != null) {
            for (Map.Entry<String, String> e : r.settings().entrySet()) {
                item(b, "Setting " + e.getKey(), e.getValue());
            }
        }
        item(b, "Scores from", source.from().getFileName().toString());
        b.append("</dl>\n</section>\n");

        if (!notes.isEmpty()) {
            b.append("<section class=\"notes\" id=\"notes\">\n<ul>\n");
            for (String n : notes) {
                b.append("<li>").append(esc(n)).append("</li>\n");
            }
            b.append("</ul>\n</section>\n");
        }

        b.append("<section>\n<h2>Score over the frames</h2>\n")
                .append("<img id=\"plot\" class=\"plot\" data-check src=\"img/score.png\" width=\"")
                .append(ReviewReport.PLOT_WIDTH).append("\" height=\"").append(ReviewReport.PLOT_HEIGHT)
                .append("\" alt=\"score per frame, threshold ").append(fmt(r.threshold()))
                .append(", flagged ranges shaded red\">\n<p class=\"hint\">Score: the alpha error the network "
                        + "predicts for the frame (RMS over the picture; 0 = sure and steady). Frames above the "
                        + "dashed threshold, or standing out from the rest of the shot, are flagged; red bands are "
                        + "the flagged ranges.</p>\n")
                .append("</section>\n");

        b.append("<section>\n<h2>Flagged ranges</h2>\n");
        if (r.flagged().isEmpty()) {
            b.append("<p class=\"none\">No frame is above the threshold.</p>\n");
        }
        b.append("<table id=\"flagged-ranges\" class=\"ranges\"").append(r.flagged().isEmpty() ? " hidden" : "")
                .append(">\n<thead><tr><th>#</th><th>Frames</th><th>Length</th><th>Timecode in</th>")
                .append("<th>Timecode out</th><th>Peak frame</th><th>Peak score</th></tr></thead>\n<tbody>\n");
        int k = 0;
        for (FlaggedRange f : r.flagged()) {
            k++;
            b.append("<tr class=\"range\" data-first=\"").append(f.first()).append("\" data-last=\"")
                    .append(f.last()).append("\" data-frames=\"").append(f.frames()).append("\" data-tc-in=\"")
                    .append(esc(nz(f.timecodeIn()))).append("\" data-tc-out=\"").append(esc(nz(f.timecodeOut())))
                    .append("\" data-peak-frame=\"").append(f.peakFrame()).append("\" data-peak=\"")
                    .append(f.peak()).append("\">")
                    .append("<td><a href=\"#range-").append(k).append("\">").append(k).append("</a></td>")
                    .append("<td>").append(f.first()).append("-").append(f.last()).append("</td>")
                    .append("<td>").append(f.frames()).append("</td>")
                    .append("<td class=\"tc\">").append(esc(tc(f.timecodeIn()))).append("</td>")
                    .append("<td class=\"tc\">").append(esc(tc(f.timecodeOut()))).append("</td>")
                    .append("<td>").append(f.peakFrame()).append("</td>")
                    .append("<td class=\"score\">").append(fmt(f.peak())).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n</section>\n");

        b.append("<section>\n<h2>Frames</h2>\n<p class=\"hint\">Left: the plate with the matte outlined and lightly "
                + "tinted. Right: the uncertainty <span class=\"legend\"><span>0</span><span class=\"legend-heat\">"
                + "</span><span>").append(fmt(HeatMap.FULL)).append("+</span></span> (red from ")
                .append(fmt(HeatMap.UNSURE)).append("). Click a frame to see it large; arrow keys step, Esc closes."
                        + "</p>\n");
        k = 0;
        for (Map.Entry<FlaggedRange, List<Long>> e : sel.flagged().entrySet()) {
            k++;
            FlaggedRange f = e.getKey();
            b.append("<h3 id=\"range-").append(k).append("\">Range ").append(k).append(": frames ").append(f.first())
                    .append("-").append(f.last()).append(" <span class=\"tc\">").append(esc(tc(f.timecodeIn())))
                    .append(" - ").append(esc(tc(f.timecodeOut()))).append("</span>");
            if (e.getValue().size() < f.frames()) {
                b.append(" <span class=\"count\">").append(e.getValue().size()).append(" of ").append(f.frames())
                        .append(" frames shown</span>");
            }
            b.append("</h3>\n<div class=\"strip\">\n");
            for (long n : e.getValue()) {
                card(b, byFrame.get(n), drawn.get(n), r.threshold(), true, f.peakFrame() == n);
            }
            b.append("</div>\n");
        }
        if (!sel.others().isEmpty()) {
            b.append("<h3 id=\"others\">Other frames <span class=\"count\">").append(sel.others().size())
                    .append(" of ").append(r.frames().size() - flaggedFrames).append(" shown</span></h3>\n")
                    .append("<div class=\"strip\">\n");
            for (long n : sel.others()) {
                card(b, byFrame.get(n), drawn.get(n), r.threshold(), false, false);
            }
            b.append("</div>\n");
        }
        b.append("</section>\n</main>\n");
        b.append("<footer>FaceMat review report: ").append(esc(r.shot())).append(", ").append(r.frames().size())
                .append(" frames. Scores and ranges also in review.json.</footer>\n");
        b.append(LIGHTBOX).append("<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void card(StringBuilder b, FrameScore s, FramePictures.Drawn d, double threshold,
                             boolean flagged, boolean peak) {
        if (s == null) {
            return;
        }
        String caption = "#" + s.frame() + (s.timecode() != null ? "  " + s.timecode() : "") + "  score "
                + fmt(s.score());
        b.append("<figure class=\"card").append(flagged ? " flagged" : "").append(peak ? " peak" : "")
                .append("\" id=\"f").append(s.frame()).append("\" data-frame=\"").append(s.frame())
                .append("\" data-score=\"").append(s.score()).append("\" data-caption=\"").append(esc(caption))
                .append("\"");
        if (d != null && d.matteLarge() != null) {
            b.append(" data-matte=\"img/").append(esc(d.matteLarge())).append("\"");
        }
        if (d != null && d.heatLarge() != null) {
            b.append(" data-heat=\"img/").append(esc(d.heatLarge())).append("\"");
        }
        b.append(">\n<div class=\"pics\">");
        if (d == null || d.matteThumb() == null) {
            b.append("<div class=\"missing\">").append(esc(d == null ? "no picture" : d.problem())).append("</div>");
        } else {
            b.append("<a href=\"img/").append(esc(d.matteLarge())).append("\"><img class=\"thumb\" data-check src=\"img/")
                    .append(esc(d.matteThumb())).append("\" alt=\"frame ").append(s.frame())
                    .append(", matte\"></a>");
            if (d.heatThumb() != null) {
                b.append("<a href=\"img/").append(esc(d.heatLarge())).append("\"><img class=\"thumb\" data-check ")
                        .append("src=\"img/").append(esc(d.heatThumb())).append("\" alt=\"frame ").append(s.frame())
                        .append(", uncertainty\"></a>");
            }
        }
        b.append("</div>\n<figcaption><span class=\"fn\">#").append(s.frame()).append("</span> <span class=\"tc\">")
                .append(esc(tc(s.timecode()))).append("</span> <span class=\"score\">").append(fmt(s.score()))
                .append("</span>");
        double fill = Double.isFinite(s.score()) ? Math.min(1, s.score() / (2 * threshold)) : 1;
        b.append("<span class=\"meter\" title=\"score against twice the threshold\"><span style=\"width:")
                .append(String.format(Locale.ROOT, "%.1f", 100 * fill)).append("%\"></span></span>");
        if (d != null && d.matteThumb() != null && !d.problem().isEmpty()) {
            b.append("<span class=\"problem\">").append(esc(d.problem())).append("</span>");
        }
        b.append("</figcaption>\n</figure>\n");
    }

    private static void item(StringBuilder b, String name, String value) {
        b.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
    }

    /** Text for HTML content and attribute values (double-quoted): {@code & < > " '} escaped. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
    }

    private static String tc(String t) {
        return t == null ? "no timecode" : t;
    }

    private static String nz(String t) {
        return t == null ? "" : t;
    }

    private static final String CSS = """
            :root{--bg:#111317;--panel:#191c21;--line:#2a2f37;--text:#d7dbe1;--dim:#8d95a1;--accent:#5cc8ff;
            --flag:#ff4a3d;--ok:#5fd38a;--warn:#ffb347;color-scheme:dark}
            *{box-sizing:border-box}
            body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,-apple-system,"Segoe UI",
            Roboto,"Helvetica Neue",Arial,sans-serif}
            header{display:flex;flex-wrap:wrap;align-items:baseline;gap:12px 24px;padding:18px 28px;
            border-bottom:1px solid var(--line);background:var(--panel)}
            h1{margin:0;font-size:20px;font-weight:600;word-break:break-all}
            h1 .app{color:var(--dim);font-weight:400;margin-right:8px}
            h2{font-size:15px;font-weight:600;margin:28px 0 10px;color:#fff}
            h3{font-size:13px;font-weight:600;margin:22px 0 8px;color:var(--text)}
            .verdict{padding:3px 10px;border-radius:3px;font-weight:600}
            .verdict.check{background:rgba(255,74,61,.15);color:var(--flag)}
            .verdict.clean{background:rgba(95,211,138,.12);color:var(--ok)}
            main{padding:4px 28px 28px;max-width:1600px}
            .meta dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 18px;margin:18px 0 0}
            .meta dt{color:var(--dim)}
            .meta dd{margin:0;word-break:break-all}
            .notes ul{margin:16px 0 0;padding:10px 14px 10px 30px;border-left:3px solid var(--warn);
            background:rgba(255,179,71,.08);color:#f0d7b0}
            .plot{display:block;width:100%;max-width:1200px;height:auto;border:1px solid var(--line);border-radius:3px}
            .hint{color:var(--dim);font-size:12.5px;max-width:1200px}
            .none{color:var(--ok)}
            table.ranges{border-collapse:collapse;min-width:640px;font-variant-numeric:tabular-nums}
            .ranges th,.ranges td{padding:5px 14px 5px 0;text-align:left;border-bottom:1px solid var(--line)}
            .ranges th{color:var(--dim);font-weight:500}
            .ranges td.score{color:var(--flag);font-weight:600}
            a{color:var(--accent);text-decoration:none}
            .tc{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px}
            .count{color:var(--dim);font-weight:400;margin-left:8px}
            .strip{display:flex;flex-wrap:wrap;gap:10px}
            .card{margin:0;padding:6px;background:var(--panel);border:1px solid var(--line);border-radius:4px;
            cursor:zoom-in;width:372px}
            .card.flagged{border-color:rgba(255,74,61,.55)}
            .card.peak{box-shadow:0 0 0 1px var(--flag)}
            .card:hover{border-color:var(--accent)}
            .pics{display:flex;gap:4px}
            .pics a{flex:1 1 0;min-width:0}
            .thumb{display:block;width:100%;height:auto;background:#000}
            .missing{flex:1;min-height:90px;display:flex;align-items:center;justify-content:center;padding:8px;
            color:var(--dim);font-size:12px;text-align:center;background:#0c0d10}
            figcaption{display:flex;flex-wrap:wrap;align-items:center;gap:4px 10px;margin-top:5px;font-size:12.5px;
            font-variant-numeric:tabular-nums}
            .fn{font-weight:600}
            .card .score{margin-left:auto}
            .card.flagged .score{color:var(--flag);font-weight:600}
            .meter{flex-basis:100%;height:3px;background:var(--line);border-radius:2px;overflow:hidden}
            .meter span{display:block;height:100%;background:var(--accent)}
            .card.flagged .meter span{background:var(--flag)}
            .problem{flex-basis:100%;color:var(--warn);font-size:11.5px}
            .legend{display:inline-flex;align-items:center;gap:6px;vertical-align:middle}
            .legend-heat{display:inline-block;width:120px;height:10px;border-radius:2px}
            footer{padding:14px 28px;color:var(--dim);font-size:12px;border-top:1px solid var(--line)}
            #lightbox{position:fixed;inset:0;background:rgba(5,6,8,.94);display:flex;flex-direction:column;z-index:10}
            #lightbox[hidden]{display:none}
            .lb-bar{display:flex;align-items:center;gap:10px;padding:10px 16px;border-bottom:1px solid var(--line)}
            .lb-bar #lb-caption{flex:1;font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace}
            .lb-bar button{background:var(--panel);color:var(--text);border:1px solid var(--line);border-radius:3px;
            padding:4px 12px;font:inherit;cursor:pointer}
            .lb-pics{flex:1;display:flex;gap:12px;padding:12px;min-height:0;justify-content:center}
            .lb-pics figure{margin:0;flex:1;display:flex;flex-direction:column;min-width:0;align-items:center}
            .lb-pics img{max-width:100%;max-height:calc(100vh - 110px);object-fit:contain}
            .lb-pics figcaption{color:var(--dim)}
            """;

    private static final String LIGHTBOX = """
            <div id="lightbox" hidden>
            <div class="lb-bar"><span id="lb-caption"></span><button id="lb-prev" title="previous (left arrow)">&lsaquo;\
            </button><button id="lb-next" title="next (right arrow)">&rsaquo;</button>\
            <button id="lb-close" title="close (Esc)">&times;</button></div>
            <div class="lb-pics"><figure><img id="lb-matte" alt="matte"><figcaption>matte</figcaption></figure>\
            <figure id="lb-heat-box"><img id="lb-heat" alt="uncertainty"><figcaption>uncertainty</figcaption></figure>\
            </div>
            </div>
            """;

    /** The lightbox, and the picture check a test reads from the page after load. */
    private static final String SCRIPT = """
            (function () {
              'use strict';
              window.addEventListener('load', function () {
                var ok = 0, broken = 0;
                document.querySelectorAll('img[data-check]').forEach(function (img) {
                  var good = img.complete && img.naturalWidth > 0;
                  img.setAttribute('data-loaded', good ? 'yes' : 'no');
                  if (good) { ok++; } else { broken++; }
                });
                document.body.setAttribute('data-images-ok', String(ok));
                document.body.setAttribute('data-images-broken', String(broken));
              });
              var cards = Array.prototype.slice.call(document.querySelectorAll('figure.card[data-matte]'));
              var box = document.getElementById('lightbox');
              var matte = document.getElementById('lb-matte');
              var heat = document.getElementById('lb-heat');
              var heatBox = document.getElementById('lb-heat-box');
              var caption = document.getElementById('lb-caption');
              var at = -1;
              function show(i) {
                if (i < 0 || i >= cards.length) { return; }
                at = i;
                var c = cards[i];
                matte.src = c.getAttribute('data-matte');
                var h = c.getAttribute('data-heat');
                heatBox.hidden = !h;
                if (h) { heat.src = h; }
                caption.textContent = c.getAttribute('data-caption') + '   (' + (i + 1) + ' / ' + cards.length + ')';
                box.hidden = false;
              }
              function close() { box.hidden = true; at = -1; }
              cards.forEach(function (c, i) {
                c.addEventListener('click', function (e) { e.preventDefault(); show(i); });
              });
              document.getElementById('lb-close').addEventListener('click', close);
              document.getElementById('lb-prev').addEventListener('click', function () { show(at - 1); });
              document.getElementById('lb-next').addEventListener('click', function () { show(at + 1); });
              box.addEventListener('click', function (e) { if (e.target === box) { close(); } });
              // a link to a frame (index.html#f1042) opens it large
              var linked = location.hash ? document.getElementById(location.hash.substring(1)) : null;
              if (linked) { var k = cards.indexOf(linked); if (k >= 0) { show(k); } }
              document.addEventListener('keydown', function (e) {
                if (at < 0) { return; }
                if (e.key === 'Escape') { close(); }
                else if (e.key === 'ArrowLeft') { show(at - 1); }
                else if (e.key === 'ArrowRight') { show(at + 1); }
              });
            })();
            """;
}
