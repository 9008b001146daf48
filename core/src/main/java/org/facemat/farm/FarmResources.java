package org.facemat.farm;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facemat.render.Renderer;

/**
 * What every task of a farm job asks for: memory (the whole process: Java heap plus the native memory of ONNX Runtime
 * and FFmpeg), the Java heap within it, and a time limit. One setting for every engine.
 *
 * <p>The heap rule: the heap is the memory less a native reserve of a quarter of it, but at least 1 GiB. ONNX Runtime's
 * arenas, the FFmpeg decoders and the JVM's own native memory (threads, metaspace, code) live outside the heap; a
 * process whose heap is as large as the job's memory is killed by the farm's memory limit before the JVM ever reports
 * running short.
 *
 * @param memoryMiB     memory per task, MiB
 * @param heapMiB       Java heap per task ({@code -Xmx}), MiB
 * @param timeSeconds   time limit per task, seconds
 * @param memoryDerived whether the memory was worked out from the frame size (no {@code --memory})
 * @param timeDerived   whether the time was worked out from the chunks (no {@code --time})
 */
public record FarmResources(long memoryMiB, long heapMiB, long timeSeconds, boolean memoryDerived, boolean timeDerived) {

    public static final long GIB = 1024;
    /** Smallest memory a task may ask for: 1 GiB of heap and the 1 GiB native reserve. */
    public static final long MIN_MEMORY_MIB = 2 * GIB;
    /** Default memory at the least: a 3 GiB heap, room for 1080p to 4K on the face path. */
    public static final long DEFAULT_MEMORY_MIB = 4 * GIB;
    /** Seconds per frame in the default time limit, for a 1920x1080 frame (scaled by the pixel count above it). */
    public static final double SECONDS_PER_HD_FRAME = 1.0;
    /** Start-up allowance in the default time limit (JVM, model, a TensorRT engine build on a first run). */
    public static final long STARTUP_SECONDS = 600;
    /** Shortest default time limit. */
    public static final long MIN_DEFAULT_SECONDS = 3600;

    /** The Java heap for a task of {@code memoryMiB}: the memory less max(1/4 of it, 1 GiB). */
    public static long heapFor(long memoryMiB) {
        return memoryMiB - Math.max(memoryMiB / 4, GIB);
    }

    /** The FACEMAT_JAVA_OPTS value that gives a task its heap. */
    public String javaOpts() {
        return "-Xmx" + heapMiB + "m";
    }

    /** Memory as Slurm's {@code --mem} and OpenCue's {@code <memory>} read it: MiB with a unit. */
    public String memoryText() {
        return memoryMiB + "M";
    }

    /** The time limit as Slurm's {@code --time} reads it: {@code [D-]HH:MM:SS}. */
    public String slurmTime() {
        long s = timeSeconds;
        long d = s / 86400;
        s %= 86400;
        String hms = String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        return d > 0 ? d + "-" + hms : hms;
    }

    /** The time limit in whole minutes, rounded up (OpenCue's layer timeout is in minutes). */
    public long timeMinutes() {
        return (timeSeconds + 59) / 60;
    }

    /** A human description for the export's summary line. */
    public String describe() {
        return String.format(Locale.ROOT, "memory %s per task (Java heap %d MiB)%s, time limit %s per task%s",
                memoryText(), heapMiB, memoryDerived ? " from the frame size" : "", slurmTime(),
                timeDerived ? " from the longest task" : "");
    }

    /**
     * The resources of a job's tasks.
     *
     * @param memory      {@code --memory}, or null for the default from the frame size
     * @param time        {@code --time}, or null for the default from the longest task
     * @param width       frame width
     * @param height      frame height
     * @param longestTask frames the longest task runs through (a chunk with its pre-roll, or the movie step)
     */
    public static FarmResources of(String memory, String time, int width, int height, long longestTask) {
        long needed = mib(Renderer.heapNeeded(width, height));
        long memoryMiB;
        if (memory != null) {
            memoryMiB = parseMemory(memory);
            if (memoryMiB < MIN_MEMORY_MIB) {
                throw new FarmRequestException("--memory " + memory + " is below the " + MIN_MEMORY_MIB / GIB
                        + "G a task needs at the least (1 GiB of Java heap and 1 GiB for ONNX Runtime and FFmpeg)");
            }
            if (heapFor(memoryMiB) < needed) {
                throw new FarmRequestException("--memory " + memory + " gives a Java heap of " + heapFor(memoryMiB)
                        + " MiB, and " + width + "x" + height + " frames need at least " + needed + " MiB: give --memory "
                        + memoryFor(needed) / GIB + "G or more");
            }
        } else {
            memoryMiB = Math.max(DEFAULT_MEMORY_MIB, memoryFor(mib(Renderer.heapWanted(width, height))));
        }
        long seconds;
        if (time != null) {
            seconds = parseTime(time);
        } else {
            double scale = Math.max(1.0, (double) width * height / (1920.0 * 1080.0));
            seconds = STARTUP_SECONDS + (long) Math.ceil(longestTask * SECONDS_PER_HD_FRAME * scale);
            seconds = Math.max(MIN_DEFAULT_SECONDS, (seconds + 899) / 900 * 900);
        }
        return new FarmResources(memoryMiB, heapFor(memoryMiB), seconds, memory == null, time == null);
    }

    /** The smallest whole-GiB memory whose heap holds {@code heapMiB}. */
    public static long memoryFor(long heapMiB) {
        long m = MIN_MEMORY_MIB;
        while (heapFor(m) < heapMiB) {
            m += GIB;
        }
        return m;
    }

    private static long mib(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }

    private static final Pattern MEMORY = Pattern.compile("(\\d+)\\s*([KMGT]?)(I?B)?", Pattern.CASE_INSENSITIVE);

    /** {@code 8G}, {@code 8192M}, {@code 8GB}, {@code 8GiB}, {@code 6144} (MiB, as Slurm reads a bare number). */
    public static long parseMemory(String s) {
        Matcher m = MEMORY.matcher(s.trim());
        if (!m.matches()) {
            throw new FarmRequestException("bad --memory '" + s + "' (e.g. 8G or 8192M)");
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            throw new FarmRequestException("bad --memory '" + s + "': too large");
        }
        String unit = m.group(2).toUpperCase(Locale.ROOT);
        long mib = switch (unit) {
            case "K" -> (n + 1023) / 1024;
            case "", "M" -> n;
            case "G" -> n * GIB;
            default -> n * GIB * GIB; // T
        };
        if (mib > 64L * GIB * GIB) {
            throw new FarmRequestException("bad --memory '" + s + "': more than 64T");
        }
        return mib;
    }

    private static final Pattern UNITS = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+)-)?(\\d+):(\\d{1,2}):(\\d{1,2})");

    /** {@code 2h}, {@code 90m}, {@code 1h30m}, {@code 1d}, {@code 2:30:00}, {@code 1-12:00:00}, or minutes. */
    public static long parseTime(String s) {
        String t = s.trim();
        long seconds = -1;
        try {
            Matcher c = CLOCK.matcher(t);
            Matcher u = UNITS.matcher(t);
            if (t.matches("\\d+")) {
                seconds = Long.parseLong(t) * 60;
            } else if (c.matches()) {
                seconds = (c.group(1) != null ? Long.parseLong(c.group(1)) * 86400 : 0)
                        + Long.parseLong(c.group(2)) * 3600 + Long.parseLong(c.group(3)) * 60
                        + Long.parseLong(c.group(4));
            } else if (!t.isEmpty() && u.matches()) {
                seconds = 0;
                long[] unit = {86400, 3600, 60, 1};
                for (int i = 0; i < 4; i++) {
                    if (u.group(i + 1) != null) {
                        seconds += Long.parseLong(u.group(i + 1)) * unit[i];
                    }
                }
            }
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds <= 0 || seconds > 365L * 86400) {
            throw new FarmRequestException("bad --time '" + s + "' (per task, e.g. 2h, 90m, 1h30m or 2:30:00; "
                    + "more than 0 and at most a year)");
        }
        return seconds;
    }
}
