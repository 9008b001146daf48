package org.facemat.train.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.facemat.cli.CliRun;
import org.facemat.cli.ExitCode;
import org.facemat.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPreviewTest {

    @Test
    void previewWritesAContactSheetWithFourTilesPerSample(@TempDir Path dir) throws Exception {
        Path data = SharedData.require("data");
        Path out = dir.resolve("sheet.png");
        CliRun r = CliRun.of("data", "preview", "--data", data.toString(), "--out", out.toString(), "--samples", "3",
                "--seed", "4", "--size", "64");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(Files.isRegularFile(out));
        BufferedImage im = ImageIO.read(out.toFile());
        assertEquals(5 * 64, im.getWidth(), "composite, ground truth, trimap, occluder alpha, prior");
        assertEquals(3 * 64, im.getHeight());
    }

    @Test
    void previewOfOneOccluderKind(@TempDir Path dir) throws Exception {
        Path data = SharedData.require("data");
        Path out = dir.resolve("hands.png");
        CliRun r = CliRun.of("data", "preview", "--data", data.toString(), "--out", out.toString(), "--samples", "2",
                "--size", "48", "--occluders", "hands");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(2 * 48, ImageIO.read(out.toFile()).getHeight());
        CliRun bad = CliRun.of("data", "preview", "--data", data.toString(), "--out", out.toString(), "--occluders",
                "cats");
        assertEquals(ExitCode.USAGE, bad.code());
        assertTrue(bad.err().contains("--occluders must be"), bad.err());
    }

    @Test
    void previewOfAFolderWithoutFacesFailsInOneLine(@TempDir Path dir) {
        CliRun r = CliRun.of("data", "preview", "--data", dir.toString(), "--out", dir.resolve("s.png").toString());
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("facemat: " + dir + ": faces/ folder missing", r.err().trim());
        assertTrue(r.clean(), r.err());
    }
}
