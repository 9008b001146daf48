package org.facemat.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An image sequence, one file per frame, numbered by the files' own numbers. The first and last numbers are the
 * smallest and largest found on disk; numbers in between without a file are {@link #missingFrames() missing}: they
 * count in {@link #frameCount()}, and reading one throws a {@link MediaException} naming it.
 *
 * <p>Memory is bounded by the files present and the frames asked for, never by the span of the numbers: a stray
 * {@code s.999999999999.png} beside {@code s.0001.png} is one more entry, not a trillion missing frames. Missing
 * frames are counted and listed lazily, and only within the frames asked for ({@link SourceOptions#framesFrom()} to
 * {@link SourceOptions#framesTo()}, clipped to the sequence). Opened without a frame range, a sequence with more than
 * {@value #MAX_MISSING_WITHOUT_RANGE} missing numbers between its first and last file is refused with a
 * {@link MediaException} that names both files and asks for a frame range: so many gaps mean a stray file, and
 * rendering "the whole sequence" would walk every missing number.
 *
 * <p>Colour: frames keep the file's values (OpenEXR unclamped, marked {@linkplain Frame#sceneLinear() scene-linear});
 * {@link ColorSpace} turns them into the network's input. JPEG uses the BT.601 matrix of JFIF.
 */
final class ImageSequenceSource implements FrameSource {
    /** Files tried, from the first, to find one that decodes when the sequence is opened. */
    static final int PROBE_FILES = 16;
    /** Missing frame numbers accepted when no frame range is given (over an hour of frames at 24 fps). */
    static final long MAX_MISSING_WITHOUT_RANGE = 100_000;

    private final Path given;
    private final FramePattern pattern;
    private final TreeMap<Long, Path> files;
    private final long first;
    private final long last;
    /** The frames asked for, clipped to the sequence (empty when {@code windowFirst > windowLast}). */
    private final long windowFirst;
    private final long windowLast;
    /** The file numbers from windowFirst to windowLast, ascending: missing frames are found from these. */
    private final long[] present;
    private final long missingCount;
    private final FrameRate rate;
    private final StillDecoder decoder = new StillDecoder();
    private final RgbConverter converter = new RgbConverter();
    private final RgbConverter.Hints hints;
    private final String extension;
    private int width;
    private int height;
    private String format;
    private Frame frame;
    private long frameNumber = Long.MIN_VALUE;
    private long lastReturned;
    /** Frame number minus file number ({@link SourceOptions#startFrame}). */
    private long shift;
    /** From the first EXR file's header: the rate and the timecode of the first frame, when it has them. */
    private FrameRate headerRate;
    private Timecode headerTimecode;

    private ImageSequenceSource(Path given, FramePattern pattern, TreeMap<Long, Path> files, SourceOptions options,
                                String extension) {
        this.given = given;
        this.pattern = pattern;
        this.files = files;
        this.first = files.firstKey();
        this.last = files.lastKey();
        this.rate = options.sequenceFrameRate();
        this.extension = extension;
        this.windowFirst = options.framesFrom() == null ? first : Math.max(first, options.framesFrom());
        this.windowLast = options.framesTo() == null ? last : Math.min(last, options.framesTo());
        if (windowFirst <= windowLast) {
            this.present = files.subMap(windowFirst, true, windowLast, true).keySet().stream()
                    .mapToLong(Long::longValue).toArray();
            this.missingCount = windowLast - windowFirst + 1 - present.length;
        } else {
            this.present = new long[0];
            this.missingCount = 0;
        }
        this.hints = new RgbConverter.Hints(extension.equals("exr"),
                extension.equals("jpg") || extension.equals("jpeg"));
        this.lastReturned = first - 1;
    }

    static FrameSource open(FramePattern pattern, Path given, SourceOptions options) throws MediaException {
        Ffmpeg.init();
        if (!Files.isDirectory(pattern.folder())) {
            throw new MediaException(given, "folder not found: " + pattern.folder());
        }
        if (StillDecoder.codecFor(pattern.extension()) < 0) {
            throw new MediaException(given, "not an image format this reader knows (." + pattern.extension() + ")");
        }
        TreeMap<Long, Path> files;
        try {
            files = pattern.scan();
        } catch (IOException e) {
            throw new MediaException(given, "cannot list the folder (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) {
            throw new MediaException(given, "no files match the sequence " + pattern + " (zero frames)");
        }
        long shift = 0;
        if (options.startFrame() != null) { // renumbered: every number below is file number + shift
            shift = options.startFrame() - files.firstKey();
            TreeMap<Long, Path> renumbered = new TreeMap<>();
            for (Map.Entry<Long, Path> e : files.entrySet()) {
                renumbered.put(e.getKey() + shift, e.getValue());
            }
            files = renumbered;
        }
        ImageSequenceSource s = new ImageSequenceSource(given, pattern, files, options, pattern.extension());
        s.shift = shift;
        boolean ranged = options.framesFrom() != null || options.framesTo() != null;
        if (s.missingCount > (ranged ? Integer.MAX_VALUE - 8 : MAX_MISSING_WITHOUT_RANGE)) {
            s.close();
            throw new MediaException(given, "frames " + s.windowFirst + " to " + s.windowLast + " have only "
                    + (s.windowLast - s.windowFirst + 1 - s.missingCount) + " files, " + s.missingCount
                    + " missing (a stray file? the first is " + files.firstEntry().getValue().getFileName()
                    + ", the last " + files.lastEntry().getValue().getFileName() + "): give a frame range");
        }
        return start(s);
    }

    static FrameSource openSingle(Path file, SourceOptions options) throws MediaException {
        Ffmpeg.init();
        TreeMap<Long, Path> files = new TreeMap<>();
        files.put(0L, file);
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return start(new ImageSequenceSource(file, null, files, options, ext));
    }

    /**
     * Takes the picture size and format from the first file that decodes, so that one damaged file at the head of a
     * sequence is reported when its frame is read (and can be skipped) instead of making the whole sequence
     * unreadable. When none of the first {@link #PROBE_FILES} files decodes, the first one's problem is thrown.
     */
    private static ImageSequenceSource start(ImageSequenceSource s) throws MediaException {
        try {
            MediaException firstProblem = null;
            Path f = null;
            long n = 0;
            int tried = 0;
            for (Map.Entry<Long, Path> e : s.files.entrySet()) {
                String err = s.decoder.decode(e.getValue(), s.extension);
                if (err == null) {
                    f = e.getValue();
                    n = e.getKey();
                    break;
                }
                if (firstProblem == null) {
                    firstProblem = new MediaException(e.getValue(), e.getKey(), err);
                }
                if (++tried >= PROBE_FILES) {
                    break;
                }
            }
            if (f == null) {
                throw firstProblem;
            }
            s.width = s.decoder.picture.width();
            s.height = s.decoder.picture.height();
            s.format = org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name(StillDecoder.codecFor(s.extension))
                    .getString() + " " + Ffmpeg.pixelFormatName(s.decoder.picture.format());
            if (!RgbConverter.supports(s.decoder.picture.format())) {
                throw new MediaException(f, "unsupported pixel format "
                        + Ffmpeg.pixelFormatName(s.decoder.picture.format()));
            }
            s.frame = new Frame(s.width, s.height);
            if (s.extension.equals("exr")) {
                s.readTiming(f, n);
            }
            s.convert(f, n);
            return s;
        } catch (MediaException e) {
            s.close();
            throw e;
        }
    }

    /**
     * An EXR plate says its rate ({@code framesPerSecond}) and each frame's timecode ({@code timeCode}); the first
     * sequence frame's timecode is worked back from the file's. A header that cannot be read or holds values that do
     * not fit (a drop-frame timecode at 25 fps) is taken as saying nothing.
     */
    private void readTiming(Path file, long n) {
        try {
            org.facemat.media.exr.ExrHeader h = org.facemat.media.exr.ExrReader.readHeader(file);
            FrameRate r = h.framesPerSecond().filter(q -> q.numerator() > 0 && q.denominator() > 0
                            && q.denominator() <= Integer.MAX_VALUE)
                    .map(q -> new FrameRate(q.numerator(), (int) q.denominator())).orElse(null);
            headerRate = r;
            FrameRate countAt = r != null ? r : rate;
            headerTimecode = h.timeCode().map(t -> t.plusFrames(first - n, countAt))
                    .orElse(null);
        } catch (IOException | RuntimeException e) {
            headerRate = null;
            headerTimecode = null;
        }
    }

    private void convert(Path file, long n) throws MediaException {
        frameNumber = Long.MIN_VALUE;
        String err = converter.convert(decoder.picture, frame, hints);
        if (err != null) {
            throw new MediaException(file, n, err);
        }
        frame.number(n);
        frameNumber = n;
    }

    @Override
    public Path path() {
        return given;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public long frameCount() {
        return last - first + 1;
    }

    @Override
    public long firstFrameNumber() {
        return first;
    }

    @Override
    public boolean sceneLinear() {
        return hints.linear();
    }

    @Override
    public FrameRate frameRate() {
        return headerRate != null ? headerRate : rate;
    }

    @Override
    public boolean variableFrameRate() {
        return false;
    }

    @Override
    public double presentationTime(long n) throws MediaException {
        check(n);
        return frameRate().secondsAt(n - first);
    }

    @Override
    public Optional<Timecode> timecode() {
        return Optional.ofNullable(headerTimecode);
    }

    /** The missing frames within the frames asked for, found on demand from the files present. */
    @Override
    public List<Long> missingFrames() {
        return new AbstractList<>() {
            @Override
            public Long get(int i) {
                if (i < 0 || i >= missingCount) {
                    throw new IndexOutOfBoundsException(i);
                }
                // the i-th missing number is windowFirst + i + k, k being the files before it: the first k with
                // more than i numbers missing before present[k]
                int lo = 0;
                int hi = present.length;
                while (lo < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (present[mid] - windowFirst - mid > i) {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                return windowFirst + i + lo;
            }

            @Override
            public int size() {
                return (int) missingCount;
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Long n && n >= windowFirst && n <= windowLast && !files.containsKey(n);
            }

            @Override
            public int indexOf(Object o) {
                if (!contains(o)) {
                    return -1;
                }
                long n = (Long) o;
                int k = java.util.Arrays.binarySearch(present, n);
                return (int) (n - windowFirst - (-k - 1));
            }
        };
    }

    @Override
    public String format() {
        return format;
    }

    private void check(long n) throws MediaException {
        if (n < first || n > last) {
            throw new MediaException(given, n, "outside the sequence (frames " + first + " to " + last + ")");
        }
    }

    @Override
    public Frame read(long n) throws MediaException {
        check(n);
        lastReturned = n;
        if (n == frameNumber) {
            return frame;
        }
        Path f = files.get(n);
        if (f == null) {
            Path expected = pattern != null ? pattern.path(n - shift) : given;
            String count = n >= windowFirst && n <= windowLast ? " (" + missingCount + " of "
                    + (windowLast - windowFirst + 1) + " frames missing)" : "";
            throw new MediaException(expected, n, "missing from the sequence " + pattern + count);
        }
        String err = decoder.decode(f, extension);
        if (err != null) {
            frameNumber = Long.MIN_VALUE;
            throw new MediaException(f, n, err);
        }
        if (decoder.picture.width() != width || decoder.picture.height() != height) {
            frameNumber = Long.MIN_VALUE;
            throw new MediaException(f, n, "picture is " + decoder.picture.width() + "x" + decoder.picture.height()
                    + ", the sequence is " + width + "x" + height);
        }
        convert(f, n);
        return frame;
    }

    @Override
    public Frame next() throws MediaException {
        long n = lastReturned + 1;
        if (n > last) {
            return null;
        }
        return read(n);
    }

    @Override
    public void close() {
        converter.close();
        decoder.close();
    }
}
