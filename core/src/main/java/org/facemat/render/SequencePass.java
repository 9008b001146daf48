package org.facemat.render;

import java.io.IOException;
import java.nio.file.Path;
import org.facemat.media.Frame;
import org.facemat.media.Timecode;
import org.facemat.media.out.PngSequenceWriter;
import org.facemat.media.out.SequenceWriter;
import org.facemat.media.out.TiffSequenceWriter;
import org.facemat.model.MattePlanes;
import org.facemat.review.FrameScore;

/** 16-bit greyscale PNG or TIFF per frame, of the matte or of the uncertainty (clipped to [0,1]). */
final class SequencePass implements MattePass {
    private final PassSpec spec;
    private final SequenceWriter writer;

    SequencePass(PassSpec spec, int width, int height) throws IOException {
        this.spec = spec;
        Path pattern = Path.of(spec.path());
        this.writer = spec.kind() == PassSpec.Kind.PNG
                ? new PngSequenceWriter(pattern, width, height, SequenceWriter.Channels.GREY)
                : new TiffSequenceWriter(pattern, width, height, SequenceWriter.Channels.GREY);
    }

    @Override
    public PassSpec spec() {
        return spec;
    }

    @Override
    public boolean isComplete(long n) {
        // read it back: a file cut short by a full disk or a copy gone wrong is not complete
        if (!writer.exists(n)) {
            return false;
        }
        try {
            return javax.imageio.ImageIO.read(writer.pathFor(n).toFile()) != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void write(Frame plate, MattePlanes matte, Timecode timecode, FrameScore review) throws IOException {
        float[] v = spec.content() == PassSpec.Content.UNCERTAINTY ? matte.uncertainty() : matte.alpha();
        writer.write(plate.number(), v);
    }

    @Override
    public void finish() {
    }

    @Override
    public void close() {
        writer.close();
    }
}
