package org.facemat.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.facemat.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedReadersTest {

    @Test
    void cap13HasA765FrameClipWithLabelsAndBoxes() throws IOException {
        Path dir = SharedData.require("data/faces/cap13");
        try (FaceClip clip = FaceClip.open(dir)) {
            assertEquals(765, clip.size());
            assertEquals(400, clip.width());
            assertEquals(300, clip.height());
            FaceSample last = clip.read(764);
            assertEquals("cap13#000764", last.id());
            assertEquals(3 * 400 * 300, last.rgb().length);
            assertEquals(400 * 300, last.skin().length);
            FaceBox b = last.box();
            // skin is on inside the face box centre, off in the image corner
            int cx = (int) b.centerX();
            int cy = (int) b.centerY();
            assertTrue(last.skin()[cy * 400 + cx] > 0.9f, "skin at the face centre");
            assertEquals(0f, last.skin()[0]);
            float min = 1;
            float max = 0;
            for (float v : last.rgb()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(min >= 0 && max <= 1 && max - min > 0.3f, "rgb in [0,1] with contrast");
            List<FaceSample> run = clip.readRun(100, 2);
            assertEquals("cap13#000101", run.get(1).id());
        }
    }

    @Test
    void stillsOccludersAndTexturesHaveTheDocumentedCounts() throws IOException {
        Path root = SharedData.require("data");
        FaceStills stills = FaceStills.open(root.resolve("faces/stills"));
        assertEquals(12, stills.size());
        int astro = -1;
        for (int i = 0; i < stills.size(); i++) {
            if (stills.itemName(i).equals("astronaut")) {
                astro = i;
            }
        }
        FaceSample a = stills.read(astro);
        assertEquals(512, a.width());
        assertEquals(512, a.height());

        OccluderSet occ = OccluderSet.open(root.resolve("occluders"));
        assertEquals(780, occ.size());
        assertEquals(81, occ.semiTransparentCount());
        long brushes = occ.entries().stream().filter(OccluderSet.Entry::tintable).count();
        assertEquals(8, brushes);
        int brush = occ.entries().stream().filter(OccluderSet.Entry::tintable).findFirst().orElseThrow().index();
        Occluder o = occ.load(brush);
        assertTrue(o.tintable() && o.semiTransparent());
        assertEquals(o.width() * o.height(), o.alpha().length);
        float amax = 0;
        for (float v : o.alpha()) {
            amax = Math.max(amax, v);
        }
        assertTrue(amax > 0.5f, "brush tip has paint");

        Textures tex = Textures.open(root.resolve("textures"));
        assertEquals(206, tex.size());
        int pat = tex.files().indexOf(tex.files().stream().filter(f -> f.endsWith(".pat")).findFirst().orElseThrow());
        Textures.Texture t = tex.load(pat);
        assertEquals(3 * t.width() * t.height(), t.rgb().length);
    }

    @Test
    void aClipWithAMissingLabelNamesTheFolderTheFileAndTheFrame(@TempDir Path tmp) throws IOException {
        Path src = SharedData.require("data/faces/cap13");
        Path dst = tmp.resolve("cap13");
        Files.createDirectories(dst.resolve("skin"));
        Files.copy(src.resolve("cap13_edit2.mp4"), dst.resolve("cap13_edit2.mp4"));
        Files.copy(src.resolve("faces.csv"), dst.resolve("faces.csv"));
        try (Stream<Path> s = Files.list(src.resolve("skin"))) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals("000012.png")) {
                    Files.copy(p, dst.resolve("skin").resolve(p.getFileName()));
                }
            }
        }
        IOException e = assertThrows(IOException.class, () -> FaceClip.open(dst));
        assertEquals("faces/cap13: skin/000012.png missing for frame 12", e.getMessage());

        Files.delete(dst.resolve("faces.csv"));
        e = assertThrows(IOException.class, () -> FaceClip.open(dst));
        assertEquals("faces/cap13: faces.csv missing", e.getMessage());
    }

    @Test
    void occludersAndStillsWithMissingFilesAreNamed(@TempDir Path tmp) throws IOException {
        Path root = SharedData.require("data");
        Path occ = tmp.resolve("occluders");
        Files.createDirectories(occ.resolve("oxygen"));
        List<String> lines = Files.readAllLines(root.resolve("occluders/index.csv"), StandardCharsets.UTF_8);
        String oxygen = lines.stream().filter(l -> l.startsWith("oxygen/")).findFirst().orElseThrow();
        Files.write(occ.resolve("index.csv"), List.of(lines.get(0), oxygen), StandardCharsets.UTF_8);
        String file = oxygen.substring(0, oxygen.indexOf(','));
        IOException e = assertThrows(IOException.class, () -> OccluderSet.open(occ));
        assertEquals("occluders: " + file + " missing (row 2 of index.csv)", e.getMessage());
        Files.copy(root.resolve("occluders").resolve(file), occ.resolve(file));
        assertEquals(1, OccluderSet.open(occ).size());

        Path stills = tmp.resolve("stills");
        Files.createDirectories(stills.resolve("images"));
        Files.createDirectories(stills.resolve("skin"));
        Files.copy(root.resolve("faces/stills/faces.csv"), stills.resolve("faces.csv"));
        try (Stream<Path> s = Files.list(root.resolve("faces/stills/images"))) {
            for (Path p : s.toList()) {
                Files.copy(p, stills.resolve("images").resolve(p.getFileName()));
            }
        }
        e = assertThrows(IOException.class, () -> FaceStills.open(stills));
        assertTrue(e.getMessage().startsWith("faces/stills: skin/") && e.getMessage().contains(" missing for image "),
                e.getMessage());
    }
}
