package org.facemat.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With a preset, an {@code --out} ending in what the preset puts after the base is the base itself. */
class PresetBaseTest {
    private static final Path PRESETS = Path.of("..", "presets");

    private static List<String> paths(String preset, String out) throws Exception {
        return Preset.load(PRESETS, preset).resolve(out).stream().map(PassSpec::path).toList();
    }

    @Test
    void anOutWithThePresetsExtensionIsTheBase() throws Exception {
        assertEquals(List.of("r/shot.mov", "r/shot.uncertainty.mov"), paths("resolve-prores4444", "r/shot.mov"));
        assertEquals(List.of("r/shot.mov", "r/shot.uncertainty.mov"), paths("resolve-prores4444", "r/shot.MOV"));
        assertEquals(List.of("r/shot.mov", "r/shot.uncertainty.mov"), paths("resolve-prores4444", "r/shot"));
        assertEquals(List.of("sh010.####.exr"), paths("nuke-exr", "sh010.####.exr"));
        assertEquals(List.of("sh010.####.exr"), paths("nuke-exr", "sh010.%04d.exr"));
        assertEquals(List.of("sh010.####.exr"), paths("nuke-exr", "sh010.exr"));
        assertEquals(List.of("sh010.####.exr"), paths("nuke-exr", "sh010"));
        assertEquals(List.of("s.matte.####.png", "s.uncertainty.####.png"), paths("png16", "s.png"));
        assertEquals(List.of("v.preview.mp4", "v.preview-uncertainty.mp4"), paths("review-preview", "v.preview.mp4"));
        assertEquals(List.of("v.preview.mp4", "v.preview-uncertainty.mp4"), paths("review-preview", "v.mp4"));
    }

    @Test
    void otherNamesAreLeftAsTheyAre() throws Exception {
        assertEquals(List.of("shot.v2.####.exr"), paths("nuke-exr", "shot.v2"));
        assertEquals(List.of(".mov.mov", ".mov.uncertainty.mov"), paths("resolve-prores4444", ".mov"));
    }
}
