package org.facemat.media;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The FFmpeg command-line tools as an independent reference: tests make inputs with {@code ffmpeg} and read outputs
 * back with {@code ffprobe} / {@code ffmpeg}. Tests that need them skip with a printed reason when they are missing.
 */
public final class MediaTools {
    private static final Map<String, Boolean> AVAILABLE = new HashMap<>();
    /** The commands, overridable with -Dfacemat.test.ffmpeg=... / -Dfacemat.test.ffprobe=... */
    static final String FFMPEG = System.getProperty("facemat.test.ffmpeg", "ffmpeg");
    static final String FFPROBE = System.getProperty("facemat.test.ffprobe", "ffprobe");

    private MediaTools() {
    }

    /** Skips the calling test (with a printed reason) unless {@code ffmpeg} and {@code ffprobe} run. */
    public static void requireCli() {
        for (String tool : new String[] {FFMPEG, FFPROBE}) {
            boolean ok = AVAILABLE.computeIfAbsent(tool, t -> {
                try {
                    Process p = new ProcessBuilder(t, "-version").redirectErrorStream(true).start();
                    p.getInputStream().readAllBytes();
                    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
                } catch (IOException | InterruptedException e) {
                    return false;
                }
            });
            if (!ok) {
                String reason = "SKIPPED: the " + tool + " command is not installed (apt-get install ffmpeg)";
                System.err.println(reason);
                assumeTrue(false, reason);
            }
        }
    }

    /** Whether {@code tool} runs (any exit code) on this machine. */
    public static boolean onPath(String tool) {
        return AVAILABLE.computeIfAbsent("path:" + tool, t -> {
            try {
                Process p = new ProcessBuilder(tool, "--help").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                p.waitFor(30, TimeUnit.SECONDS);
                return true;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
    }

    /** Runs {@code cmd} and returns its standard output as text; fails with its stderr when it fails. */
    public static String text(String... cmd) {
        return new String(run(Arrays.asList(cmd)), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Runs {@code ffmpeg -y -v error <args>} and fails with its stderr when it fails. */
    public static void ffmpeg(String... args) {
        List<String> cmd = new ArrayList<>(List.of(FFMPEG, "-nostdin", "-y", "-v", "error"));
        cmd.addAll(Arrays.asList(args));
        run(cmd);
    }

    /** Runs {@code ffprobe -v error <args>} and returns its stdout. */
    public static String ffprobe(String... args) {
        List<String> cmd = new ArrayList<>(List.of(FFPROBE, "-v", "error"));
        cmd.addAll(Arrays.asList(args));
        return new String(run(cmd), StandardCharsets.UTF_8);
    }

    /**
     * Stream and container fields of the first video stream as {@code key=value} pairs (ffprobe's flat output, keys
     * such as {@code codec_name}, {@code profile}, {@code pix_fmt}, {@code nb_frames}, {@code r_frame_rate},
     * {@code stream.tags.timecode}, {@code format.tags.timecode}).
     */
    public static Map<String, String> probe(Path file, boolean countFrames) {
        List<String> args = new ArrayList<>();
        if (countFrames) {
            args.add("-count_frames");
        }
        args.addAll(List.of("-select_streams", "v:0", "-show_streams", "-show_format", "-of", "flat=s=.", file.toString()));
        String out = ffprobe(args.toArray(String[]::new));
        Map<String, String> m = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = line.substring(0, eq).replaceFirst("^streams\\.stream\\.0\\.", "stream.")
                    .replaceFirst("^format\\.", "format.");
            String v = line.substring(eq + 1).trim();
            if (v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2) {
                v = v.substring(1, v.length() - 1);
            }
            m.put(key, v);
        }
        return m;
    }

    private static byte[] run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).start();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread t = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException ignored) {
                    // process ended
                }
            });
            t.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", cmd));
            }
            t.join();
            if (p.exitValue() != 0) {
                throw new AssertionError("failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + err);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Decodes {@code file} with the ffmpeg CLI into raw little-endian 16-bit samples of {@code pixFmt} (rgb48le: 3 per
     * pixel, rgba64le: 4), frames in presentation order ({@code -vsync passthrough}), keeping the frames in
     * {@code wanted} (by 0-based index). {@code extra} goes before the output (e.g. {@code -sws_flags}).
     */
    public static Map<Integer, int[]> decode16(Path file, String pixFmt, int width, int height, Set<Integer> wanted,
                                               String... extra) {
        int channels = pixFmt.startsWith("rgba") ? 4 : pixFmt.startsWith("gray") ? 1 : 3;
        List<String> cmd = new ArrayList<>(List.of(FFMPEG, "-nostdin", "-v", "error", "-i", file.toString(),
                "-vsync", "passthrough"));
        cmd.addAll(Arrays.asList(extra));
        cmd.addAll(List.of("-f", "rawvideo", "-pix_fmt", pixFmt, "-"));
        Map<Integer, int[]> frames = new HashMap<>();
        int frameBytes = width * height * channels * 2;
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream in = p.getInputStream(); DataInputStream din = new DataInputStream(in)) {
                byte[] buf = new byte[frameBytes];
                int max = wanted.stream().mapToInt(Integer::intValue).max().orElse(-1);
                for (int i = 0; i <= max; i++) {
                    try {
                        din.readFully(buf);
                    } catch (EOFException e) {
                        break;
                    }
                    if (wanted.contains(i)) {
                        int[] v = new int[frameBytes / 2];
                        for (int k = 0; k < v.length; k++) {
                            v[k] = (buf[2 * k] & 0xFF) | ((buf[2 * k + 1] & 0xFF) << 8);
                        }
                        frames.put(i, v);
                    }
                }
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            p.waitFor(300, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new AssertionError("cannot run ffmpeg: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return frames;
    }

    /** Number of frames ffmpeg decodes from {@code file} in passthrough mode. */
    public static int countFrames(Path file) {
        String out = ffprobe("-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames",
                "-of", "csv=p=0", file.toString());
        return Integer.parseInt(out.trim().split("[\\s,]+")[0]);
    }

    /** Largest absolute difference between a frame and interleaved 16-bit RGB(A) reference samples, in [0, 1]. */
    public static double maxDiff(Frame f, int[] ref, int refChannels) {
        int area = f.width() * f.height();
        float[] rgb = f.rgb();
        double max = 0;
        for (int i = 0; i < area; i++) {
            for (int c = 0; c < 3; c++) {
                double d = Math.abs(rgb[c * area + i] - ref[i * refChannels + c] / 65535.0);
                if (d > max) {
                    max = d;
                }
            }
        }
        return max;
    }

    /** Mean absolute difference, like {@link #maxDiff}. */
    public static double meanDiff(Frame f, int[] ref, int refChannels) {
        int area = f.width() * f.height();
        float[] rgb = f.rgb();
        double sum = 0;
        for (int i = 0; i < area; i++) {
            for (int c = 0; c < 3; c++) {
                sum += Math.abs(rgb[c * area + i] - ref[i * refChannels + c] / 65535.0);
            }
        }
        return sum / (3.0 * area);
    }

}
