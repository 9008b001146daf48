package org.facemat.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random pattern and file names through {@link FramePattern}: {@code parse} either gives a pattern or throws the
 * documented {@link IllegalArgumentException} with a one-line message; a parsed pattern names frames that it reads
 * back, and {@code ofNumberedFile} and {@code numberOf} never throw. Anything else fails with the case's seed.
 *
 * <p>{@code -Dfacemat.fuzzCases=N} sets the number of cases (default {@value #DEFAULT_CASES}),
 * {@code -Dfacemat.fuzzSeed=S} the seed (case i uses seed S + i).
 */
class FramePatternFuzzTest {

    static final int DEFAULT_CASES = 20000;
    static final long DEFAULT_SEED = 20240611L;

    private static final String[] PIECES = {"%", "%0", "%04d", "%d", "%5d", "%0999999999999999999999d", "#", "####",
        "#".repeat(19), "#".repeat(300), "d", "0", "9", "999999999999999999999", "1001", ".", "..", "/", "shot", "_",
        "-", ".exr", ".png", "\u00e9", "\ud83c\udf9e", "$", "\\", "\\E", "\\Q", "(", "[", "*", " ", "%%", "%0d"};

    @Test
    void randomPatternsParseOrAreRefused() {
        int cases = Integer.getInteger("facemat.fuzzCases", DEFAULT_CASES);
        long seed = Long.getLong("facemat.fuzzSeed", DEFAULT_SEED);
        int[] counts = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < cases; i++) {
                long caseSeed = seed + i;
                try {
                    counts[one(new Random(caseSeed))]++;
                } catch (Throwable t) {
                    throw new AssertionError("case seed " + caseSeed + ": " + t, t);
                }
            }
        });
        System.out.println("FramePattern fuzz: " + cases + " cases, seed " + seed + ", " + counts[0]
                + " rejected with the documented error, " + counts[1] + " read");
    }

    /** 1 when the pattern parsed, 0 when refused as documented. */
    private static int one(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int k = 1 + rnd.nextInt(6); k > 0; k--) {
            if (rnd.nextInt(4) == 0) {
                sb.append((char) (32 + rnd.nextInt(95)));
            } else {
                sb.append(PIECES[rnd.nextInt(PIECES.length)]);
            }
        }
        String text = sb.toString();
        Path path;
        try {
            path = Path.of(text);
        } catch (InvalidPathException e) {
            return 0; // not a path on this system: nothing for the parser to see
        }
        FramePattern.isPattern(path);
        FramePattern.ofNumberedFile(path).ifPresent(p -> roundTrip(p, rnd));
        FramePattern p;
        try {
            p = FramePattern.parse(path);
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            if (!e.getMessage().contains(path.toString())) {
                fail("the message does not name the pattern " + path + ": " + e.getMessage());
            }
            return 0;
        }
        roundTrip(p, rnd);
        p.numberOf(text);
        p.numberOf(p.fileName(0) + "0");
        p.extension();
        return 1;
    }

    private static void roundTrip(FramePattern p, Random rnd) {
        long n = switch (rnd.nextInt(3)) {
            case 0 -> rnd.nextInt(10000);
            case 1 -> 999_999_999_999_999_999L; // the largest 18-digit number
            default -> Long.MAX_VALUE;
        };
        String name = p.fileName(n);
        OptionalLong back = p.numberOf(name);
        if (Long.toString(n).length() <= 18) {
            if (back.isEmpty() || back.getAsLong() != n) {
                fail(p + ": frame " + n + " is named " + name + ", read back as " + back);
            }
        } else {
            assertEquals(OptionalLong.empty(), back, name); // beyond 18 digits a name is not a frame of the sequence
        }
        p.toString();
    }
}
