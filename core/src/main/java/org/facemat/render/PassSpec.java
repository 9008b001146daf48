package org.facemat.render;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import org.facemat.media.FramePattern;

/**
 * One output of a render: which file (or numbered sequence), in which format, holding what.
 *
 * @param kind        the format
 * @param path        a movie file, or a sequence pattern ({@code shot.####.exr}, {@code shot.%04d.png})
 * @param content     what the pass holds (EXR always holds the matte and the uncertainty)
 * @param floatPixels EXR: 32-bit float channels instead of half
 * @param zip         EXR: ZIP compression instead of none
 * @param plate       EXR: also the plate's RGB; ProRes: RGB = plate (else RGB = matte)
 */
public record PassSpec(Kind kind, String path, Content content, boolean floatPixels, boolean zip, boolean plate) {

    /**
     * @throws IllegalArgumentException when a sequence pass (one file per frame) has no frame number placeholder in
     *     its file name ({@code matte.exr} instead of {@code matte.####.exr}), or a malformed one
     */
    public PassSpec {
        if (kind.isSequence()) {
            try {
                FramePattern.parse(Path.of(path));
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(path + ": not a file path (" + e.getReason() + ")");
            }
        }
    }

    public enum Kind {
        EXR, PRORES, PNG, TIFF, PREVIEW;

        public boolean isSequence() {
            return this == EXR || this == PNG || this == TIFF;
        }
    }

    public enum Content {
        MATTE, UNCERTAINTY, BOTH;
    }

    /** The pass an output path implies by its extension, with the product's defaults (EXR: half, ZIP). */
    public static PassSpec fromPath(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".exr")) {
            return new PassSpec(Kind.EXR, path, Content.BOTH, false, true, false);
        }
        if (lower.endsWith(".mov")) {
            return new PassSpec(Kind.PRORES, path, Content.MATTE, false, false, true);
        }
        if (lower.endsWith(".png")) {
            return new PassSpec(Kind.PNG, path, Content.MATTE, false, false, false);
        }
        if (lower.endsWith(".tif") || lower.endsWith(".tiff")) {
            return new PassSpec(Kind.TIFF, path, Content.MATTE, false, false, false);
        }
        if (lower.endsWith(".mp4")) {
            return new PassSpec(Kind.PREVIEW, path, Content.MATTE, false, false, true);
        }
        throw new IllegalArgumentException("cannot tell the output format of '" + path
                + "' (use .exr, .mov, .png, .tif or .mp4, or a --preset)");
    }

    public String describe() {
        switch (kind) {
            case EXR:
                return "OpenEXR " + (floatPixels ? "float" : "half") + (zip ? " ZIP" : " uncompressed")
                        + ", A = matte, facemat.uncertainty" + (plate ? ", RGB = plate" : "") + ": " + path;
            case PRORES:
                return "ProRes 4444, alpha = " + (content == Content.UNCERTAINTY ? "uncertainty" : "matte") + ", RGB = "
                        + (content == Content.UNCERTAINTY ? "uncertainty" : plate ? "plate" : "matte") + ": " + path;
            case PREVIEW:
                return "H.264 preview, " + (content == Content.UNCERTAINTY ? "uncertainty heat map"
                        : "matte outlined") + ", timecode and score burnt in: " + path;
            default:
                return kind + " 16-bit " + content.name().toLowerCase(Locale.ROOT) + ": " + path;
        }
    }
}
