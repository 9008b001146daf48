package org.facemat.media.exr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.facemat.media.Timecode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages valid files (written by {@link ExrWriter}) at random and reads them with {@code readHeader}, {@code verify}
 * and {@code read}. Every case must either read or be refused with an {@link ExrFormatException}; anything else
 * (another exception, an error, a hang, a huge allocation) fails the test with the case's seed, which replays it
 * alone: {@code -Dfacemat.fuzzSeed=<case seed> -Dfacemat.fuzzCases=1}.
 *
 * <p>{@code -Dfacemat.fuzzCases=N} sets the number of cases (default {@value #DEFAULT_CASES}, a few seconds),
 * {@code -Dfacemat.fuzzSeed=S} the seed (case i uses seed S + i).
 */
class ExrReaderFuzzTest {

    static final int DEFAULT_CASES = 10000;
    static final long DEFAULT_SEED = 20240611L;
    /** A case taking longer than this hangs. */
    static final long TIMEOUT_MS = 5000;

    @TempDir
    Path dir;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "exr-fuzz");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void stop() {
        worker.shutdownNow();
    }

    /** What the reader may allocate for a file of {@code size} bytes: see {@link ExrLayout}. */
    static long allocationBound(long size) {
        return (64L << 20) + 4 * ExrLayout.MAX_ZIP_RATIO * size;
    }

    @Test
    void damagedFilesAreReadOrRefused() throws Exception {
        int cases = Integer.getInteger("facemat.fuzzCases", DEFAULT_CASES);
        long seed = Long.getLong("facemat.fuzzSeed", DEFAULT_SEED);
        List<byte[]> originals = originals();
        int rejected = 0;
        int read = 0;
        Path file = dir.resolve("case.exr");
        for (int i = 0; i < cases; i++) {
            long caseSeed = seed + i;
            Random rnd = new Random(caseSeed);
            byte[] original = originals.get(rnd.nextInt(originals.size()));
            byte[] damaged = Mutations.apply(original, rnd);
            Files.write(file, damaged);
            Future<Boolean> result = worker.submit(() -> readCase(file, damaged.length));
            try {
                if (result.get(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                    read++;
                } else {
                    rejected++;
                }
            } catch (TimeoutException e) {
                result.cancel(true);
                fail("case seed " + caseSeed + ": no result after " + TIMEOUT_MS + " ms");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                AssertionError failure = new AssertionError("case seed " + caseSeed + ": " + cause, cause);
                throw failure;
            }
        }
        System.out.println("ExrReader fuzz: " + cases + " cases, seed " + seed + ", " + rejected
                + " rejected with the documented error, " + read + " read");
    }

    /** True when the file reads, false when refused with the documented error; throws anything else. */
    private static Boolean readCase(Path file, long size) throws IOException {
        long before = HandMadeExr.allocatedByThisThread();
        boolean ok;
        try {
            ok = outcome(file);
        } catch (OutOfMemoryError e) {
            throw new AssertionError("out of memory reading a file of " + size + " bytes", e);
        }
        long allocated = HandMadeExr.allocatedByThisThread() - before;
        if (before >= 0 && allocated > allocationBound(size)) {
            throw new AssertionError("allocated " + allocated + " bytes reading a file of " + size + " bytes");
        }
        return ok;
    }

    private static boolean outcome(Path file) throws IOException {
        boolean headerOk = readsOrRefuses(() -> ExrReader.readHeader(file));
        boolean verified = readsOrRefuses(() -> ExrReader.verify(file));
        boolean read = readsOrRefuses(() -> ExrReader.read(file));
        // verify() is the check for "read() will work": the two must agree
        assertEquals(verified, read, "verify() and read() disagree");
        if (read && !headerOk) {
            throw new AssertionError("read() works where readHeader() does not");
        }
        return read;
    }

    private interface Reading {
        Object run() throws IOException;
    }

    private static boolean readsOrRefuses(Reading r) throws IOException {
        try {
            r.run();
            return true;
        } catch (ExrFormatException e) {
            String m = e.getMessage();
            if (m.indexOf('\n') >= 0 || !m.contains(e.file().toString())) {
                throw new AssertionError("message not one line naming the file: " + m);
            }
            return false;
        }
    }

    /** Small valid files of every kind the writer makes. */
    private static List<byte[]> originals() throws IOException {
        Path tmp = Files.createTempDirectory("exr-fuzz");
        List<byte[]> files = new ArrayList<>();
        try {
            int k = 0;
            for (ExrCompression c : new ExrCompression[] {ExrCompression.NONE, ExrCompression.ZIPS,
                    ExrCompression.ZIP}) {
                for (int[] size : new int[][] {{7, 5}, {40, 23}, {1, 1}}) {
                    int w = size[0];
                    int h = size[1];
                    float[] matte = TestImages.matte(w, h, k);
                    ExrImage image = new ExrImage(w, h, new ExrChannel("A", PixelType.HALF, matte),
                            new ExrChannel("facemat.uncertainty", k % 2 == 0 ? PixelType.HALF : PixelType.FLOAT,
                                    TestImages.uncertainty(matte, k)));
                    Path f = tmp.resolve("o" + k++ + ".exr");
                    ExrOptions options = ExrOptions.defaults().withCompression(c)
                            .withFramesPerSecond(new Rational(24000, 1001)).withTimeCode(Timecode.of(1, 2, 3, 4, false))
                            .withString("facemat/model", "fuzz");
                    try (ExrWriter writer = new ExrWriter()) {
                        writer.write(image, options, f);
                    }
                    files.add(Files.readAllBytes(f));
                    Files.delete(f);
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        return files;
    }

    /** Ways to damage a file: blind ones, and ones that know where the header's fields are. */
    static final class Mutations {
        private static final int[] EXTREMES = {0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 30, 46000,
                60_000_000, 0xFFFF, 17};

        private Mutations() {
        }

        static byte[] apply(byte[] original, Random rnd) {
            byte[] b = original.clone();
            int steps = 1 + rnd.nextInt(3);
            for (int s = 0; s < steps; s++) {
                b = once(b, rnd);
            }
            return b;
        }

        private static byte[] once(byte[] b, Random rnd) {
            List<int[]> attributes = attributes(b);
            switch (rnd.nextInt(9)) {
                case 0 -> { // flip a few bytes anywhere
                    for (int k = 1 + rnd.nextInt(8); k > 0 && b.length > 0; k--) {
                        b[rnd.nextInt(b.length)] ^= (byte) (1 + rnd.nextInt(255));
                    }
                }
                case 1 -> { // cut
                    return Arrays.copyOf(b, rnd.nextInt(b.length + 1));
                }
                case 2 -> { // an extreme int anywhere in the header, offset table included
                    int end = Math.min(b.length, headerEnd(b, attributes) + 64);
                    if (end >= 4) {
                        le(b).putInt(rnd.nextInt(end - 3), extreme(rnd));
                    }
                }
                case 3 -> { // an extreme int inside an attribute's value (a window, a size, a type code)
                    if (!attributes.isEmpty()) {
                        int[] a = attributes.get(rnd.nextInt(attributes.size()));
                        int valueStart = a[2];
                        int valueSize = a[1] - a[2];
                        if (valueSize >= 4) {
                            le(b).putInt(valueStart + 4 * rnd.nextInt(valueSize / 4), extreme(rnd));
                        } else if (valueSize > 0) {
                            b[valueStart] = (byte) rnd.nextInt(256);
                        }
                    }
                }
                case 4 -> { // an attribute's size field
                    if (!attributes.isEmpty()) {
                        int[] a = attributes.get(rnd.nextInt(attributes.size()));
                        le(b).putInt(a[2] - 4, extreme(rnd));
                    }
                }
                case 5 -> { // an attribute twice
                    if (!attributes.isEmpty()) {
                        int[] a = attributes.get(rnd.nextInt(attributes.size()));
                        return insert(b, a[1], Arrays.copyOfRange(b, a[0], a[1]));
                    }
                }
                case 6 -> { // a new attribute, well formed or not
                    int at = attributes.isEmpty() ? Math.min(8, b.length) : attributes.get(rnd.nextInt(
                            attributes.size()))[1];
                    HeaderBytes h = new HeaderBytes().cString("x" + rnd.nextInt(100))
                            .cString(rnd.nextBoolean() ? "string" : "chlist");
                    int n = rnd.nextInt(40);
                    h.i32(rnd.nextInt(4) == 0 ? extreme(rnd) : n);
                    byte[] v = new byte[n];
                    rnd.nextBytes(v);
                    return insert(b, at, h.bytes(v).toArray());
                }
                case 7 -> { // an offset-table entry or a chunk header
                    int table = headerEnd(b, attributes);
                    if (table + 8 <= b.length) {
                        int entries = Math.max(1, Math.min(64, (b.length - table) / 8));
                        int at = table + 8 * rnd.nextInt(entries);
                        if (at + 8 <= b.length) {
                            long v = rnd.nextBoolean() ? extreme(rnd) : le(b).getLong(at) + rnd.nextInt(17) - 8;
                            le(b).putLong(at, v);
                            if (rnd.nextBoolean() && v >= 0 && v + 8 <= b.length) {
                                le(b).putInt((int) v + 4 * rnd.nextInt(2), extreme(rnd));
                            }
                        }
                    }
                }
                default -> { // bytes copied from elsewhere in the file
                    if (b.length > 16) {
                        int n = 1 + rnd.nextInt(Math.min(64, b.length / 2));
                        int from = rnd.nextInt(b.length - n);
                        int to = rnd.nextInt(b.length - n);
                        System.arraycopy(b.clone(), from, b, to, n);
                    }
                }
            }
            return b;
        }

        private static int extreme(Random rnd) {
            return rnd.nextInt(3) == 0 ? rnd.nextInt() : EXTREMES[rnd.nextInt(EXTREMES.length)];
        }

        private static ByteBuffer le(byte[] b) {
            return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        }

        private static byte[] insert(byte[] b, int at, byte[] what) {
            byte[] out = new byte[b.length + what.length];
            System.arraycopy(b, 0, out, 0, at);
            System.arraycopy(what, 0, out, at, what.length);
            System.arraycopy(b, at, out, at + what.length, b.length - at);
            return out;
        }

        /** Each attribute as {start, end, value start}, as far as the header can be walked. */
        private static List<int[]> attributes(byte[] b) {
            List<int[]> list = new ArrayList<>();
            int p = 8;
            while (p < b.length && b[p] != 0) {
                int start = p;
                p = skipString(b, p);
                p = skipString(b, p);
                if (p < 0 || p + 4 > b.length) {
                    break;
                }
                int size = le(b).getInt(p);
                p += 4;
                if (size < 0 || (long) p + size > b.length) {
                    break;
                }
                list.add(new int[] {start, p + size, p});
                p += size;
            }
            return list;
        }

        private static int headerEnd(byte[] b, List<int[]> attributes) {
            return attributes.isEmpty() ? 8 : attributes.get(attributes.size() - 1)[1] + 1;
        }

        private static int skipString(byte[] b, int p) {
            if (p < 0) {
                return -1;
            }
            while (p < b.length && b[p] != 0) {
                p++;
            }
            return p < b.length ? p + 1 : -1;
        }
    }
}
