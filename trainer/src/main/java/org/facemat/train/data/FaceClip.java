package org.facemat.train.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.facemat.media.Frame;
import org.facemat.media.FrameSource;
import org.facemat.media.MediaException;

/**
 * A labelled face clip {@code faces/<clip>/}: one {@code .mp4}, {@code skin/NNNNNN.png} for every frame N (presentation
 * order) and {@code faces.csv} ({@code frame, face_x, face_y, face_w, face_h, ...}). Frames are decoded with
 * {@link FrameSource}; a small pool of decoders lets several threads read at once.
 */
public final class FaceClip implements FaceSource {
    private final Path dir;
    private final String name;
    private final Path video;
    private final FaceBox[] boxes;
    private final int width;
    private final int height;
    private final ConcurrentLinkedQueue<FrameSource> pool = new ConcurrentLinkedQueue<>();
    private final List<FrameSource> opened = new ArrayList<>();

    private FaceClip(Path dir, Path video, FaceBox[] boxes, int width, int height) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.video = video;
        this.boxes = boxes;
        this.width = width;
        this.height = height;
    }

    /** Opens and checks a clip folder: the video, faces.csv, and one skin label per frame of the video. */
    public static FaceClip open(Path dir) throws IOException {
        String what = "faces/" + dir.getFileName();
        if (!Files.isDirectory(dir)) {
            throw new IOException(what + ": folder missing (" + dir + ")");
        }
        Path video;
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> mp4 = s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".mp4")).sorted().toList();
            if (mp4.isEmpty()) {
                throw new IOException(what + ": no .mp4 video in the folder");
            }
            if (mp4.size() > 1) {
                throw new IOException(what + ": more than one .mp4 video " + mp4);
            }
            video = mp4.get(0);
        }
        Csv csv = Csv.read(dir.resolve("faces.csv"), what, "frame", "face_x", "face_y", "face_w", "face_h");
        long frames;
        int w;
        int h;
        try (FrameSource src = FrameSource.open(video)) {
            frames = src.frameCount();
            w = src.width();
            h = src.height();
        } catch (MediaException e) {
            throw new IOException(what + ": cannot open " + video.getFileName() + " (" + e.getMessage() + ")", e);
        }
        FaceBox[] boxes = new FaceBox[(int) frames];
        for (int r = 0; r < csv.rows.size(); r++) {
            String[] row = csv.rows.get(r);
            int f = (int) csv.num(row, "frame", r);
            if (f < 0 || f >= frames) {
                throw new IOException(what + ": faces.csv names frame " + f + ", the video has " + frames + " frames");
            }
            boxes[f] = new FaceBox(csv.num(row, "face_x", r), csv.num(row, "face_y", r), csv.num(row, "face_w", r),
                    csv.num(row, "face_h", r));
        }
        for (int f = 0; f < frames; f++) {
            if (boxes[f] == null) {
                throw new IOException(what + ": faces.csv has no row for frame " + f);
            }
            String png = String.format("%06d.png", f);
            if (!Files.isRegularFile(dir.resolve("skin").resolve(png))) {
                throw new IOException(what + ": skin/" + png + " missing for frame " + f);
            }
        }
        return new FaceClip(dir, video, boxes, w, h);
    }

    public Path dir() {
        return dir;
    }

    public Path video() {
        return video;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return boxes.length;
    }

    @Override
    public boolean isClip() {
        return true;
    }

    @Override
    public String itemName(int index) {
        return String.format("%06d", index);
    }

    @Override
    public FaceBox box(int index) {
        return boxes[index];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    private FrameSource borrow() throws IOException {
        FrameSource s = pool.poll();
        if (s != null) {
            return s;
        }
        try {
            s = FrameSource.open(video);
        } catch (MediaException e) {
            throw new IOException("faces/" + name + ": cannot open " + video.getFileName() + " (" + e.getMessage()
                    + ")", e);
        }
        synchronized (opened) {
            opened.add(s);
        }
        return s;
    }

    @Override
    public FaceSample read(int index) throws IOException {
        return readRun(index, 1).get(0);
    }

    @Override
    public List<FaceSample> readRun(int first, int count) throws IOException {
        if (first < 0 || first + count > boxes.length) {
            throw new IOException("faces/" + name + ": frames " + first + ".." + (first + count - 1)
                    + " outside 0.." + (boxes.length - 1));
        }
        List<FaceSample> out = new ArrayList<>(count);
        FrameSource src = borrow();
        try {
            for (int i = 0; i < count; i++) {
                int f = first + i;
                Frame fr;
                try {
                    fr = src.read(f);
                } catch (MediaException e) {
                    throw new IOException("faces/" + name + ": cannot decode frame " + f + " (" + e.getMessage() + ")",
                            e);
                }
                float[] rgb = org.facemat.media.ColorSpace.AUTO.toNetwork(fr);
                String png = String.format("%06d.png", f);
                float[] skin;
                try {
                    skin = Images.readGrey(dir.resolve("skin").resolve(png), width, height);
                } catch (IOException e) {
                    throw new IOException("faces/" + name + ": skin/" + png + " for frame " + f + ": "
                            + e.getMessage(), e);
                }
                out.add(new FaceSample(name + "#" + png.substring(0, 6), width, height, rgb, skin, boxes[f]));
            }
        } finally {
            pool.add(src);
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (opened) {
            for (FrameSource s : opened) {
                s.close();
            }
            opened.clear();
        }
        pool.clear();
    }
}
