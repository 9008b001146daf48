package org.facemat.train.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.facemat.testing.SharedData;
import org.facemat.train.data.AlphaOccluderSet;
import org.facemat.train.data.SharedDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExtraDataTest {

    @Test
    void extraOccludersAreDrawnAfterTheSharedOnesAndTheirHeldOutItemsNever(@TempDir Path tmp) throws IOException {
        Path root = SharedData.require("data");
        Path set = tmp.resolve("mat");
        Files.createDirectories(set.resolve("fg"));
        Files.createDirectories(set.resolve("alpha"));
        for (int i = 0; i < 20; i++) {
            BufferedImage rgb = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
            BufferedImage a = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 8; y < 32; y++) {
                for (int x = 8; x < 32; x++) {
                    rgb.setRGB(x, y, 0xff00ff);
                    a.getRaster().setSample(x, y, 0, 255);
                }
            }
            ImageIO.write(rgb, "png", set.resolve("fg/o" + (char) ('a' + i) + ".png").toFile());
            ImageIO.write(a, "png", set.resolve("alpha/o" + (char) ('a' + i) + ".png").toFile());
        }
        try (SharedDataset ds = SharedDataset.open(root)) {
            SynthConfig cfg = SynthConfig.training(64);
            AlphaOccluderSet extra = AlphaOccluderSet.open(set);
            Synthesizer plain = EvalSplit.trainingSynthesizer(ds, cfg, 7);
            Synthesizer none = EvalSplit.trainingSynthesizer(ds, ExtraData.NONE, cfg, 7);
            assertEquals(plain.plan(0).occ(), none.plan(0).occ(), "no extra data: the same draws");
            Synthesizer mixed = EvalSplit.trainingSynthesizer(ds,
                    new ExtraData(List.of(), List.of(extra), List.of()), cfg, 7);
            int shared = ds.occluders().size();
            int fromExtra = 0;
            long first = -1;
            for (long i = 0; i < 4000; i++) {
                Synthesizer.Plan p = mixed.plan(i);
                if (!p.texture() && p.occ() >= shared) {
                    int local = p.occ() - shared;
                    assertTrue(local % 10 != 0, "held-out extra occluder " + local + " drawn");
                    fromExtra++;
                    if (first < 0 && p.occluded()) {
                        first = i;
                    }
                }
            }
            // 18 of 718 training occluders are extra: about 2.5% of the draws
            assertTrue(fromExtra > 40 && fromExtra < 200, "draws from the extra set: " + fromExtra);
            Sample s = mixed.sample(first);
            assertTrue(s.occluder().startsWith("mat/fg/o"), s.occluder());
        }
    }
}
