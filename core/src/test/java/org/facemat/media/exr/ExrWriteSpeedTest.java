package org.facemat.media.exr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** Prints write times of a 1920x1080 matte + uncertainty (half) frame; the numbers are reported, not asserted. */
// a measurement, not a test: run with -Dfacemat.bench=true (figures go to docs/BENCHMARKS.md)
@EnabledIfSystemProperty(named = "facemat.bench", matches = "true")
class ExrWriteSpeedTest {

    @TempDir
    Path dir;

    @Test
    void fullHdMatteAndUncertainty() throws IOException {
        int w = 1920;
        int h = 1080;
        float[] matte = TestImages.matte(w, h, 21);
        ExrImage image = new ExrImage(w, h, new ExrChannel("A", PixelType.HALF, matte),
                new ExrChannel("facemat.uncertainty", PixelType.HALF, TestImages.uncertainty(matte, 22)));
        Path out = dir.resolve("speed.exr");
        try (ExrWriter writer = new ExrWriter()) {
            ExrOptions[] settings = {
                ExrOptions.defaults().withCompression(ExrCompression.NONE),
                ExrOptions.defaults(),
                ExrOptions.defaults().withZipLevel(6),
            };
            for (ExrOptions options : settings) {
                writer.write(image, options, out); // warm-up
                writer.write(image, options, out);
                int runs = 4;
                long start = System.nanoTime();
                for (int i = 0; i < runs; i++) {
                    writer.write(image, options, out);
                }
                double ms = (System.nanoTime() - start) / 1e6 / runs;
                long readStart = System.nanoTime();
                ExrFile read = ExrReader.read(out);
                double readMs = (System.nanoTime() - readStart) / 1e6;
                System.out.printf("EXR 1920x1080 A+uncertainty half, %-4s%s: write %6.1f ms, %8d bytes, "
                        + "read %5.1f ms%n", options.compression(),
                        options.compression() == ExrCompression.NONE ? "        " : " level " + options.zipLevel(),
                        ms, Files.size(out), readMs);
                assertEquals(Half.round(matte[w * 500 + 960]), read.image().channel("A").values()[w * 500 + 960]);
            }
        }
    }
}
