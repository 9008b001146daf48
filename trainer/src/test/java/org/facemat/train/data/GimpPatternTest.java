package org.facemat.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GimpPatternTest {

    static byte[] pat(int w, int h, int bpp, byte[] pixels) {
        byte[] name = "test\0".getBytes(StandardCharsets.UTF_8);
        int header = 24 + name.length;
        ByteBuffer b = ByteBuffer.allocate(header + pixels.length);
        b.putInt(header).putInt(1).putInt(w).putInt(h).putInt(bpp).putInt(0x47504154).put(name).put(pixels);
        return b.array();
    }

    @Test
    void readsRgbAndGreyPatternsBigEndian(@TempDir Path dir) throws IOException {
        Path rgb = dir.resolve("a.pat");
        Files.write(rgb, pat(2, 1, 3, new byte[] {(byte) 255, 0, 0, 0, (byte) 128, (byte) 255}));
        Textures.Texture t = Textures.readPat(rgb, "a.pat");
        assertEquals(2, t.width());
        assertEquals(1, t.height());
        // planar: R plane (1, 0), G plane (0, 128/255), B plane (0, 1)
        assertEquals(1f, t.rgb()[0]);
        assertEquals(0f, t.rgb()[1]);
        assertEquals(128 / 255f, t.rgb()[3]);
        assertEquals(1f, t.rgb()[5]);

        Path grey = dir.resolve("g.pat");
        Files.write(grey, pat(1, 2, 1, new byte[] {(byte) 51, (byte) 204}));
        Textures.Texture g = Textures.readPat(grey, "g.pat");
        assertEquals(0.2f, g.rgb()[0], 1e-6f);
        assertEquals(0.2f, g.rgb()[2], 1e-6f);
        assertEquals(0.8f, g.rgb()[5], 1e-6f);

        Path cut = dir.resolve("cut.pat");
        byte[] full = pat(4, 4, 3, new byte[48]);
        Files.write(cut, java.util.Arrays.copyOf(full, full.length - 5));
        IOException e = assertThrows(IOException.class, () -> Textures.readPat(cut, "cut.pat"));
        assertTrue(e.getMessage().contains("cut.pat is truncated"), e.getMessage());
    }
}
