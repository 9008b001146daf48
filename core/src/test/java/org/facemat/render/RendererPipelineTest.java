package org.facemat.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.facemat.media.Frame;
import org.facemat.media.FrameRate;
import org.facemat.media.FrameSource;
import org.facemat.media.MediaException;
import org.facemat.media.Timecode;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.review.FrameScore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The render pipeline (decode, network, write on three threads) with a source and passes of the test's own: which
 * frames reach the passes, in which order, with which timecode; gaps; selections; pre-roll and resume; the listener's
 * events. The network is the shipped model on small frames.
 */
class RendererPipelineTest {
    private static final Path MODEL = Path.of("src/main/resources/models/facemat-face.onnx");
    private static FaceMatModel model;

    @BeforeAll
    static void open() throws Exception {
        model = FaceMatModel.open(MODEL);
    }

    @AfterAll
    static void close() throws Exception {
        model.close();
    }

    /** Frames 1001.. of a grey ramp, 48x32, 25 fps from 01:00:00:00; the listed frames cannot be decoded. */
    static final class FakeSource implements FrameSource {
        final long first;
        final int count;
        final Set<Long> broken;
        final List<Long> reads = new ArrayList<>();
        private long at;
        private final Frame frame = new Frame(48, 32);

        FakeSource(long first, int count, Set<Long> broken) {
            this.first = first;
            this.count = count;
            this.broken = broken;
        }

        @Override public Path path() { return Path.of("fake.mov"); }
        @Override public int width() { return 48; }
        @Override public int height() { return 32; }
        @Override public long frameCount() { return count; }
        @Override public long firstFrameNumber() { return first; }
        @Override public FrameRate frameRate() { return FrameRate.of(25); }
        @Override public boolean variableFrameRate() { return false; }
        @Override public double presentationTime(long n) { return (n - first) / 25.0; }
        @Override public Optional<Timecode> timecode() { return Optional.of(Timecode.parse("01:00:00:00")); }
        @Override public List<Long> missingFrames() { return List.of(); }
        @Override public String format() { return "fake"; }

        @Override
        public Frame read(long n) throws MediaException {
            at = n;
            reads.add(n);
            if (broken.contains(n)) {
                throw new MediaException(path(), n, "cannot decode");
            }
            float[] rgb = frame.rgb();
            for (int i = 0; i < rgb.length; i++) {
                rgb[i] = ((i + n) % 97) / 96f;
            }
            return new Frame(n, 48, 32, rgb.clone());
        }

        @Override
        public Frame next() throws MediaException {
            return read(at + 1);
        }

        @Override
        public void close() {
        }
    }

    /** Records what the renderer gives it. */
    static final class RecordingPass implements MattePass {
        final List<String> log = new ArrayList<>();
        final Set<Long> onDisk;
        boolean finished;

        RecordingPass(Set<Long> onDisk) {
            this.onDisk = onDisk;
        }

        @Override public PassSpec spec() { return PassSpec.fromPath("fake.####.exr"); }
        @Override public boolean isComplete(long n) { return onDisk.contains(n); }

        @Override
        public void write(Frame plate, MattePlanes matte, Timecode timecode, FrameScore review) {
            assertEquals(48 * 32, matte.alpha().length);
            log.add(plate.number() + "@" + timecode);
        }

        @Override
        public void gap(long n, Timecode timecode, RenderSettings.GapFill fill) {
            log.add("gap " + n + "@" + timecode + " " + fill);
        }

        @Override
        public void finish() throws IOException {
            finished = true;
        }

        @Override
        public void close() {
        }
    }

    /** The listener's events as text. */
    static final class Events implements RenderListener {
        final List<String> log = new ArrayList<>();

        @Override public void prerolled(long frame, long done, long total, double fps, double eta) {
            log.add("preroll " + frame + " " + done + "/" + total);
        }
        @Override public void passed(long frame) { log.add("passed " + frame); }
        @Override public void written(long frame, int done, int total, double fps, double eta) {
            log.add("written " + frame + " " + done + "/" + total);
        }
        @Override public void skipped(long frame, String reason) { log.add("skipped " + frame); }
    }

    private static RenderSettings settings(Long first, Long last, int preroll, FrameSelection sel,
                                           RenderSettings.OnError onError, boolean resume) {
        return new RenderSettings(Path.of("fake.mov"), first, last, preroll, 1f, onError, resume,
                List.of(PassSpec.fromPath("fake.####.exr")), List.of(), FaceOptions.OFF, sel, Timing.SOURCE,
                RenderSettings.GapFill.HOLD, false, org.facemat.media.ColorSpace.AUTO, null);
    }

    private static RecordingPass render(RenderSettings s, FakeSource src, Events events, Set<Long> onDisk)
            throws RenderException {
        RecordingPass pass = new RecordingPass(onDisk);
        RenderSummary r = new Renderer(model).render(s, src, (plan, source) -> List.of(pass), events);
        assertTrue(pass.finished);
        assertEquals(pass.log.stream().filter(l -> !l.startsWith("gap")).count(), r.written());
        return pass;
    }

    @Test
    void aSkippedFrameIsAGapInOrderWithItsTimecode() throws Exception {
        Events events = new Events();
        RecordingPass pass = render(settings(null, null, 0, null, RenderSettings.OnError.SKIP, false),
                new FakeSource(1001, 5, Set.of(1003L)), events, Set.of());
        assertEquals(List.of("1001@01:00:00:00", "1002@01:00:00:01", "gap 1003@01:00:00:02 HOLD",
                "1004@01:00:00:03", "1005@01:00:00:04"), pass.log);
        assertTrue(events.log.contains("skipped 1003"), events.log.toString());
    }

    @Test
    void aSelectionWritesItsFramesAndRunsThroughTheOthers() throws Exception {
        Events events = new Events();
        FakeSource src = new FakeSource(0, 12, Set.of());
        FrameSelection sel = FrameSelection.parse("2-8x3,10");
        RecordingPass pass = render(settings(null, null, 2, sel, RenderSettings.OnError.STOP, false), src, events,
                Set.of());
        assertEquals(List.of("2@01:00:00:02", "5@01:00:00:05", "8@01:00:00:08", "10@01:00:00:10"), pass.log);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), src.reads, "every frame 0-10 is run");
        assertEquals(List.of("preroll 0 1/2", "preroll 1 2/2"), events.log.subList(0, 2));
        assertTrue(events.log.contains("passed 3") && events.log.contains("written 10 4/4"), events.log.toString());
    }

    @Test
    void aResumeWritesOnlyWhatIsMissingAndStopsAfterTheLastOne() throws Exception {
        Events events = new Events();
        FakeSource src = new FakeSource(0, 10, Set.of());
        RecordingPass pass = render(settings(null, null, 0, null, RenderSettings.OnError.STOP, true), src, events,
                Set.of(0L, 1L, 2L, 5L, 8L, 9L));
        assertEquals(List.of("3@01:00:00:03", "4@01:00:00:04", "6@01:00:00:06", "7@01:00:00:07"), pass.log);
        assertEquals(7L, src.reads.get(src.reads.size() - 1), "frames after the last one needed are not run");
    }

    @Test
    void aBrokenFrameStopsTheRenderWithItsNumber() {
        RenderException e = org.junit.jupiter.api.Assertions.assertThrows(RenderException.class, () -> render(
                settings(null, null, 0, null, RenderSettings.OnError.STOP, false), new FakeSource(0, 6, Set.of(4L)),
                new Events(), Set.of()));
        assertEquals(RenderException.Kind.INPUT, e.kind());
        assertTrue(e.getMessage().contains("frame 4"), e.getMessage());
    }
}
