package org.facemat.render;

import com.google.gson.stream.JsonWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.facemat.face.FaceCrop;
import org.facemat.face.Landmarks;
import org.facemat.io.AtomicFile;
import org.facemat.media.Timecode;

/**
 * The per-frame face records of a render ({@code --faces-out}), JSON Lines: one object per frame of the range, in
 * frame order (see docs/formats.md). Written under a temporary name and renamed when the render finishes.
 */
final class FaceLog implements AutoCloseable {

    /** One face in one frame, as the log writes it. */
    record Face(int id, float[] box, FaceCrop crop, int cropSize, int unconfirmed, Landmarks landmarks) {
    }

    /** One frame's faces. */
    record Frame(long number, boolean cut, int tooSmall, List<Face> faces) {
    }

    private final AtomicFile file;
    private final Writer out;
    private final boolean landmarks;
    private boolean done;

    FaceLog(Path target, boolean landmarks) throws IOException {
        this.file = new AtomicFile(target);
        this.out = new BufferedWriter(Files.newBufferedWriter(file.temp(), StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING), 1 << 16);
        this.landmarks = landmarks;
    }

    void write(Frame f, Timecode tc) throws IOException {
        StringWriter line = new StringWriter();
        JsonWriter j = new JsonWriter(line);
        j.beginObject();
        j.name("frame").value(f.number());
        if (tc != null) {
            j.name("timecode").value(tc.text());
        }
        if (f.cut()) {
            j.name("cut").value(true);
        }
        if (f.tooSmall() > 0) {
            j.name("too_small").value(f.tooSmall());
        }
        j.name("faces").beginArray();
        for (Face face : f.faces()) {
            j.beginObject();
            j.name("id").value(face.id());
            j.name("box").beginArray();
            for (float v : face.box()) {
                j.value(round(v));
            }
            j.endArray();
            FaceCrop c = face.crop();
            j.name("crop").beginObject();
            j.name("cx").value(round(c.cx()));
            j.name("cy").value(round(c.cy()));
            j.name("side").value(round(c.side()));
            j.name("angle").value(Math.round(Math.toDegrees(c.angle()) * 100) / 100.0);
            j.name("size").value(face.cropSize());
            j.endObject();
            if (face.unconfirmed() > 0) {
                j.name("unconfirmed").value(face.unconfirmed());
            }
            if (landmarks) {
                j.name("landmarks").beginArray();
                for (int i = 0; i < Landmarks.COUNT; i++) {
                    j.value(round(face.landmarks().x(i)));
                    j.value(round(face.landmarks().y(i)));
                }
                j.endArray();
            }
            j.endObject();
        }
        j.endArray();
        j.endObject();
        j.flush();
        out.write(line.toString());
        out.write('\n');
    }

    /** Two decimals: a hundredth of a pixel is below any use, and the file stays readable. */
    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    void finish() throws IOException {
        out.close();
        file.commit();
        done = true;
    }

    @Override
    public void close() {
        if (!done) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the temporary file goes anyway
            }
            file.abort();
        }
    }
}
