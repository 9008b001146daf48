package org.facemat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.facemat.review.FlaggedRange;
import org.facemat.review.FrameScore;
import org.facemat.review.ReviewFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The review report in a real browser (headless Chromium): no console message, every picture loaded, the plot and
 * the thumbnails drawn on the screenshot, and the flagged ranges on the page those of the JSON. Skips with a printed
 * reason where Chromium is not installed.
 */
class ReviewReportBrowserTest {
    @TempDir
    static Path dir;
    static String chromium;

    @BeforeAll
    static void browser() {
        chromium = Harness.onPath("chromium") ? "chromium" : Harness.onPath("chromium-browser") ? "chromium-browser"
                : null;
        if (chromium == null) {
            Harness.requireTools("chromium"); // skips, printing the package to install
        }
        if (!Files.isRegularFile(Harness.sample())) {
            String reason = "SKIPPED: the sample clip " + Harness.sample() + " is not there";
            System.out.println(reason);
            Assumptions.assumeTrue(false, reason);
        }
    }

    /** What one headless Chromium run printed. */
    private record Run(String stdout, List<String> console) {
    }

    /**
     * Runs headless Chromium on the page with a fresh profile. With logging on stderr, every console message and
     * uncaught exception of the page is a line with "CONSOLE"; the page itself logs nothing, so any such line is an
     * error of the page.
     */
    private static Run chromium(Path page, String... args) throws Exception {
        return chromiumUrl(page.toUri().toString(), args);
    }

    private static Run chromiumUrl(String url, String... args) throws Exception {
        Path profile = Files.createTempDirectory(dir, "profile");
        Path err = dir.resolve("chromium-" + System.nanoTime() + ".log");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0"));
        cmd.addAll(List.of(args));
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish in 120 s: " + String.join(" ", cmd));
        }
        List<String> console = Files.readAllLines(err, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(":CONSOLE") || l.contains("Uncaught")).toList();
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + String.join(" ", cmd) + "\n" + read(err));
        return new Run(new String(out, StandardCharsets.UTF_8), console);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Test
    void reportOpensWithoutErrorsDrawsThePlotAndThumbnailsAndShowsTheRangesOfTheJson() throws Exception {
        Path base = dir.resolve("renders/sh<&\"010");
        Harness.render(Harness.sample().toString(), "--out", base.toString(), "--preset", "nuke-exr", "--frames",
                "0-39", "--log", "quiet");
        ReviewFile json = ReviewFile.read(Path.of(base + ".review.json"));
        // the median score: the sample's scores are close together, so this gives several ranges and a rest
        double t = json.frames().stream().mapToDouble(FrameScore::score).sorted().toArray()[20];
        ReviewFile expected = json.withThreshold(t);
        assertTrue(expected.flagged().size() >= 2, "the test needs ranges: " + expected.flagged());
        Path report = dir.resolve("report");
        Harness.Result r = Harness.facemat("review", base.toString(), "--out", report.toString(), "--threshold",
                Double.toString(t));
        assertEquals(ExitCode.OK, r.code(), r.toString());
        Path page = report.resolve("index.html");
        String source = Files.readString(page);
        int pictures = 0;
        for (Matcher im = Pattern.compile("<img [^>]*data-check").matcher(source); im.find(); ) {
            pictures++;
        }

        Run dom = chromium(page, "--dump-dom");
        assertEquals(List.of(), dom.console(), "console messages of the page");
        String html = dom.stdout();
        assertTrue(html.contains("data-images-broken=\"0\""), "broken pictures: " + attr(html, "body",
                "data-images-broken"));
        assertEquals(Integer.toString(pictures), attr(html, "body", "data-images-ok"), "pictures loaded");
        assertTrue(pictures > 2 * expected.flagged().size(), "too few pictures on the page: " + pictures);
        assertTrue(Pattern.compile("<img id=\"plot\"[^>]*data-loaded=\"yes\"").matcher(html).find(),
                "the plot is not loaded");
        assertTrue(html.contains("sh&lt;&amp;\"010") || html.contains("sh&lt;&amp;&quot;010"),
                "the shot's name is not shown as text");

        // the ranges on the page are those of the JSON
        List<FlaggedRange> onPage = new ArrayList<>();
        Matcher m = Pattern.compile("<tr class=\"range\" data-first=\"(\\d+)\" data-last=\"(\\d+)\" data-frames="
                + "\"\\d+\" data-tc-in=\"([^\"]*)\" data-tc-out=\"([^\"]*)\" data-peak-frame=\"(\\d+)\" data-peak="
                + "\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            onPage.add(new FlaggedRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3),
                    m.group(4), Long.parseLong(m.group(5)), Double.parseDouble(m.group(6))));
        }
        assertEquals(expected.flagged(), onPage);
        assertEquals(expected.flagged(), ReviewFile.read(report.resolve("review.json")).flagged());

        // the large view: a link to a frame opens it (as a click does), with that frame's pictures
        long peak = expected.flagged().get(0).peakFrame();
        Run open = chromiumUrl(page.toUri() + "#f" + peak, "--dump-dom");
        assertEquals(List.of(), open.console(), "console messages of the page");
        assertTrue(open.stdout().contains("<div id=\"lightbox\">"), "the large view is not open");
        assertTrue(open.stdout().contains("<img id=\"lb-matte\" alt=\"matte\" src=\"img/" + peak + "-matte.jpg\">"),
                "the large view does not show frame " + peak);
        assertTrue(open.stdout().contains("src=\"img/" + peak + "-uncertainty.jpg\""), "no large uncertainty");

        Path shot = dir.resolve("screenshot.png");
        Run screen = chromium(page, "--window-size=1400,2400", "--screenshot=" + shot);
        assertEquals(List.of(), screen.console(), "console messages of the page");
        BufferedImage img = ImageIO.read(shot.toFile());
        Path kept = Path.of("target", "review-report-screenshot.png"); // for a person to look at
        Files.createDirectories(kept.getParent());
        Files.copy(shot, kept, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(1400, img.getWidth());
        // the plot: its flagged bands (red over the dark panel), and the score line (light blue) in their rows
        int bands = 0;
        int top = Integer.MAX_VALUE;
        int bottom = -1;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (near(img.getRGB(x, y), 0x5d, 0x29, 0x2d, 10)) {
                    bands++;
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        int line = 0;
        for (int y = Math.max(0, top); y <= bottom; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int v = img.getRGB(x, y);
                line += ((v >> 16) & 0xff) < 170 && ((v >> 8) & 0xff) > 150 && (v & 0xff) > 200 ? 1 : 0;
            }
        }
        // the thumbnails: the uncertainty heat map's hot ring (orange to light yellow)
        int hot = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int v = img.getRGB(x, y);
                int rr = (v >> 16) & 0xff;
                int gg = (v >> 8) & 0xff;
                int bb = v & 0xff;
                hot += rr > 230 && gg > 120 && bb < 170 ? 1 : 0;
            }
        }
        System.out.printf("screenshot %s: %d px of flagged bands, %d px of score line, %d px of heat map%n", kept,
                bands, line, hot);
        assertTrue(bands > 3000, "no flagged ranges drawn in the plot: " + bands + " px");
        assertTrue(line > 500, "no score line drawn in the plot: " + line + " px");
        assertTrue(hot > 300, "no uncertainty thumbnails drawn: " + hot + " px");
    }

    private static String attr(String html, String tag, String name) {
        Matcher m = Pattern.compile("<" + tag + "\\b[^>]*\\b" + name + "=\"([^\"]*)\"").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    private static boolean near(int v, int r, int g, int b, int tol) {
        return Math.abs(((v >> 16) & 0xff) - r) <= tol && Math.abs(((v >> 8) & 0xff) - g) <= tol
                && Math.abs((v & 0xff) - b) <= tol;
    }
}
