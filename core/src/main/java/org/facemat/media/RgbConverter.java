package org.facemat.media;

import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Turns a decoded AVFrame into the planar float RGB of a {@link Frame}, at the source's precision.
 *
 * <ul>
 *   <li>Y'CbCr integer formats (8 to 16 bit, 4:2:0/4:2:2/4:4:4, with or without alpha) go through swscale to
 *       16-bit planar RGB ({@code gbrp16le}) with full chroma interpolation and accurate rounding, then to float by
 *       dividing by 65535.</li>
 *   <li>RGB and grey integer formats (PNG, TIFF, DPX: 8 to 16 bit) are read exactly, code / (2^bits - 1); palette
 *       images take their palette's RGB. Alpha in the source is dropped (straight RGB is kept, not
 *       premultiplied).</li>
 *   <li>YUV uses the frame's colour matrix and range. Untagged YUV: BT.709 when the picture is HD (width 1280 or more,
 *       or height above 576), BT.601 otherwise (and always for JPEG stills); untagged range: limited, except the
 *       full-range JPEG formats.</li>
 *   <li>Float formats (OpenEXR decodes to {@code gbrpf32le}/{@code gbrapf32le}, or the half-float
 *       {@code gbrpf16le}/{@code gbrapf16le}) are read as floats, half floats converted exactly, and kept as they are:
 *       no curve, no clamp (values above 1, negative values and NaN stay). An OpenEXR source marks the frame
 *       {@linkplain Frame#sceneLinear() scene-linear}. Other float layouts go through swscale, which clips to
 *       [0, 1].</li>
 * </ul>
 * The conversion to the network's input (curve, primaries, clamp) is {@link ColorSpace#toNetwork}, not done here.
 * Buffers are allocated once per size and reused.
 */
final class RgbConverter implements AutoCloseable {
    private static final int SWS_FLAGS = SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_FULL_CHR_H_INP;

    private SwsContext sws;
    private int swsKey0 = Integer.MIN_VALUE;
    private long swsKey1;
    private AVFrame dst;
    private int dstFormat = -1;
    private int dstW;
    private int dstH;
    private short[] shorts = new short[0];
    private float[] floats = new float[0];

    /** What the caller knows about the source beyond the frame's own tags. */
    record Hints(boolean linear, boolean jpegMatrix) {
        static final Hints VIDEO = new Hints(false, false);
    }

    /** True when this converter can read frames of pixel format {@code format}. */
    static boolean supports(int format) {
        AVPixFmtDescriptor d = Ffmpeg.descriptor(format);
        if (d == null || (d.flags() & AV_PIX_FMT_FLAG_HWACCEL) != 0) {
            return false;
        }
        return sws_isSupportedInput(format) > 0;
    }

    /** Untagged YUV matrix rule: BT.709 for HD sizes, BT.601 for SD. */
    static int defaultMatrix(int width, int height) {
        return (width >= 1280 || height > 576) ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M;
    }

    /**
     * Converts {@code src} into {@code out} (same size).
     *
     * @return null on success, else the reason it cannot be converted
     */
    String convert(AVFrame src, Frame out, Hints hints) {
        int fmt = src.format();
        int w = src.width();
        int h = src.height();
        if (w != out.width() || h != out.height()) {
            return "picture is " + w + "x" + h + ", expected " + out.width() + "x" + out.height();
        }
        if (!supports(fmt)) {
            return "unsupported pixel format " + Ffmpeg.pixelFormatName(fmt);
        }
        AVPixFmtDescriptor d = Ffmpeg.descriptor(fmt);
        boolean isFloat = (d.flags() & AV_PIX_FMT_FLAG_FLOAT) != 0;
        out.sceneLinear(isFloat && hints.linear());
        if (fmt == AV_PIX_FMT_PAL8) {
            convertPalette(src, out);
        } else if (readsDirectly(d)) {
            convertDirect(src, out, d);
        } else if (isFloat) {
            convertFloat(src, out, fmt);
        } else {
            String err = convertInteger(src, out, d, hints);
            if (err != null) {
                return err;
            }
        }
        return null;
    }

    private String convertInteger(AVFrame src, Frame out, AVPixFmtDescriptor d, Hints hints) {
        int w = src.width();
        int h = src.height();
        int fmt = src.format();
        boolean yuv = (d.flags() & AV_PIX_FMT_FLAG_RGB) == 0 && d.nb_components() >= 3;
        int matrix = -1;
        int fullRange = 0;
        if (yuv) {
            matrix = swsMatrix(src.colorspace(), hints.jpegMatrix() ? AVCOL_SPC_SMPTE170M : defaultMatrix(w, h));
            fullRange = (src.color_range() == AVCOL_RANGE_JPEG || isJpegFormat(fmt)) ? 1 : 0;
        }
        long key1 = ((long) w << 32) | ((long) h << 8) | ((matrix + 1) << 1) | fullRange;
        if (sws == null || swsKey0 != fmt || swsKey1 != key1) {
            if (sws != null) {
                sws_freeContext(sws);
            }
            sws = sws_getContext(w, h, fmt, w, h, AV_PIX_FMT_GBRP16LE, SWS_FLAGS, null, null, (DoublePointer) null);
            if (sws == null) {
                swsKey0 = Integer.MIN_VALUE;
                return "cannot convert pixel format " + Ffmpeg.pixelFormatName(fmt) + " to RGB";
            }
            if (yuv) {
                IntPointer coeffs = sws_getCoefficients(matrix);
                sws_setColorspaceDetails(sws, coeffs, fullRange, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16,
                        1 << 16);
            }
            swsKey0 = fmt;
            swsKey1 = key1;
        }
        String err = ensureDst(AV_PIX_FMT_GBRP16LE, w, h);
        if (err != null) {
            return err;
        }
        int r = sws_scale(sws, src.data(), src.linesize(), 0, h, dst.data(), dst.linesize());
        if (r <= 0) {
            return "pixel conversion failed (" + Ffmpeg.pixelFormatName(fmt) + " to RGB)";
        }
        int area = w * h;
        if (shorts.length < area) {
            shorts = new short[area];
        }
        float[] rgb = out.rgb();
        final float scale = 1f / 65535f;
        // gbrp16: plane 0 = G, 1 = B, 2 = R
        int[] planeToChannel = {1, 2, 0};
        for (int p = 0; p < 3; p++) {
            readPlane16(dst.data(p), dst.linesize(p), w, h);
            int base = planeToChannel[p] * area;
            short[] s = shorts;
            for (int i = 0; i < area; i++) {
                rgb[base + i] = (s[i] & 0xFFFF) * scale;
            }
        }
        return null;
    }

    /**
     * RGB and grey integer formats of up to 16 bits per component are read sample by sample with
     * {@code av_read_image_line2}: exact (swscale's general path rounds 8-bit RGB through Y'CbCr, about 1/255 off).
     */
    static boolean readsDirectly(AVPixFmtDescriptor d) {
        long f = d.flags();
        if ((f & (AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_HWACCEL | AV_PIX_FMT_FLAG_FLOAT
                | AV_PIX_FMT_FLAG_BAYER | AV_PIX_FMT_FLAG_XYZ)) != 0) {
            return false;
        }
        boolean rgb = (f & AV_PIX_FMT_FLAG_RGB) != 0;
        int n = d.nb_components();
        if (!rgb && n > 2) {
            return false; // Y'CbCr
        }
        int used = rgb ? 3 : 1;
        if (n < used) {
            return false;
        }
        for (int c = 0; c < used; c++) {
            int depth = d.comp(c).depth();
            if (depth < 1 || depth > 16) {
                return false;
            }
        }
        return true;
    }

    private ShortPointer line;

    private void convertDirect(AVFrame src, Frame out, AVPixFmtDescriptor d) {
        int w = src.width();
        int h = src.height();
        int area = w * h;
        boolean rgb = (d.flags() & AV_PIX_FMT_FLAG_RGB) != 0;
        if (line == null || line.capacity() < w) {
            if (line != null) {
                line.close();
            }
            line = new ShortPointer(w);
        }
        if (shorts.length < w) {
            shorts = new short[Math.max(w, area)];
        }
        float[] out3 = out.rgb();
        int channels = rgb ? 3 : 1;
        for (int c = 0; c < channels; c++) {
            float scale = 1f / ((1 << d.comp(c).depth()) - 1);
            int base = c * area;
            for (int y = 0; y < h; y++) {
                av_read_image_line2(line, src.data(), src.linesize(), d, 0, y, c, w, 0, 2);
                line.get(shorts, 0, w);
                int o = base + y * w;
                for (int x = 0; x < w; x++) {
                    out3[o + x] = (shorts[x] & 0xFFFF) * scale;
                }
            }
        }
        if (!rgb) {
            System.arraycopy(out3, 0, out3, area, area);
            System.arraycopy(out3, 0, out3, 2 * area, area);
        }
    }

    /** Palette images: the palette's 8-bit RGB taken as is (swscale would round it through Y'CbCr). */
    private void convertPalette(AVFrame src, Frame out) {
        int w = src.width();
        int h = src.height();
        int area = w * h;
        int[] palette = new int[256];
        src.data(1).capacity(1024).asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asIntBuffer().get(palette);
        java.nio.ByteBuffer idx = src.data(0).capacity((long) src.linesize(0) * h).asByteBuffer();
        int stride = src.linesize(0);
        float[] rgb = out.rgb();
        final float scale = 1f / 255f;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = palette[idx.get(y * stride + x) & 0xFF];
                int i = y * w + x;
                rgb[i] = ((p >> 16) & 0xFF) * scale;
                rgb[area + i] = ((p >> 8) & 0xFF) * scale;
                rgb[2 * area + i] = (p & 0xFF) * scale;
            }
        }
    }

    private void convertFloat(AVFrame src, Frame out, int fmt) {
        int w = src.width();
        int h = src.height();
        int area = w * h;
        float[] rgb = out.rgb();
        if (floats.length < area) {
            floats = new float[area];
        }
        if (fmt == AV_PIX_FMT_GBRPF32LE || fmt == AV_PIX_FMT_GBRAPF32LE) {
            int[] planeToChannel = {1, 2, 0};
            for (int p = 0; p < 3; p++) {
                readPlaneF(src.data(p), src.linesize(p), w, h);
                System.arraycopy(floats, 0, rgb, planeToChannel[p] * area, area);
            }
        } else if (fmt == AV_PIX_FMT_GRAYF32LE) {
            readPlaneF(src.data(0), src.linesize(0), w, h);
            for (int c = 0; c < 3; c++) {
                System.arraycopy(floats, 0, rgb, c * area, area);
            }
        } else if (fmt == AV_PIX_FMT_GBRPF16LE || fmt == AV_PIX_FMT_GBRAPF16LE) {
            // half-float OpenEXR: exact conversion, no 16-bit integer step
            int[] planeToChannel = {1, 2, 0};
            for (int p = 0; p < 3; p++) {
                readPlaneHalf(src.data(p), src.linesize(p), w, h, rgb, planeToChannel[p] * area);
            }
        } else if (fmt == AV_PIX_FMT_GRAYF16LE) {
            readPlaneHalf(src.data(0), src.linesize(0), w, h, rgb, 0);
            System.arraycopy(rgb, 0, rgb, area, area);
            System.arraycopy(rgb, 0, rgb, 2 * area, area);
        } else {
            // other float layouts: let swscale repack to planar float (it clips to [0, 1])
            if (sws == null || swsKey0 != fmt || swsKey1 != (((long) w << 32) | ((long) h << 8))) {
                if (sws != null) {
                    sws_freeContext(sws);
                }
                sws = sws_getContext(w, h, fmt, w, h, AV_PIX_FMT_GBRPF32LE, SWS_FLAGS, null, null,
                        (DoublePointer) null);
                swsKey0 = fmt;
                swsKey1 = ((long) w << 32) | ((long) h << 8);
            }
            ensureDst(AV_PIX_FMT_GBRPF32LE, w, h);
            sws_scale(sws, src.data(), src.linesize(), 0, h, dst.data(), dst.linesize());
            int[] planeToChannel = {1, 2, 0};
            for (int p = 0; p < 3; p++) {
                readPlaneF(dst.data(p), dst.linesize(p), w, h);
                System.arraycopy(floats, 0, rgb, planeToChannel[p] * area, area);
            }
        }
    }

    private void readPlane16(BytePointer data, int linesize, int w, int h) {
        ShortBuffer sb = data.capacity((long) linesize * h).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                .asShortBuffer();
        if (linesize == 2 * w) {
            sb.get(0, shorts, 0, w * h);
        } else {
            int stride = linesize / 2;
            for (int y = 0; y < h; y++) {
                sb.get(y * stride, shorts, y * w, w);
            }
        }
    }

    private static float[] halfTable;

    private static synchronized float[] halfTable() {
        if (halfTable == null) {
            float[] t = new float[65536];
            for (int i = 0; i < t.length; i++) {
                t[i] = org.facemat.media.exr.Half.toFloat((short) i); // the one half-float home
            }
            halfTable = t;
        }
        return halfTable;
    }

    private void readPlaneHalf(BytePointer data, int linesize, int w, int h, float[] out, int offset) {
        if (shorts.length < w * h) {
            shorts = new short[w * h];
        }
        readPlane16(data, linesize, w, h);
        float[] t = halfTable();
        short[] s = shorts;
        for (int i = 0, n = w * h; i < n; i++) {
            out[offset + i] = t[s[i] & 0xFFFF];
        }
    }

    private void readPlaneF(BytePointer data, int linesize, int w, int h) {
        FloatBuffer fb = data.capacity((long) linesize * h).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        if (linesize == 4 * w) {
            fb.get(0, floats, 0, w * h);
        } else {
            int stride = linesize / 4;
            for (int y = 0; y < h; y++) {
                fb.get(y * stride, floats, y * w, w);
            }
        }
    }

    private String ensureDst(int format, int w, int h) {
        if (dst != null && dstFormat == format && dstW == w && dstH == h) {
            return null;
        }
        if (dst != null) {
            av_frame_free(dst);
        }
        dst = av_frame_alloc();
        dst.format(format);
        dst.width(w);
        dst.height(h);
        int r = av_frame_get_buffer(dst, 0);
        if (r < 0) {
            av_frame_free(dst);
            dst = null;
            return "cannot allocate a " + w + "x" + h + " picture (" + Ffmpeg.error(r) + ")";
        }
        dstFormat = format;
        dstW = w;
        dstH = h;
        return null;
    }

    private static boolean isJpegFormat(int fmt) {
        return fmt == AV_PIX_FMT_YUVJ420P || fmt == AV_PIX_FMT_YUVJ422P || fmt == AV_PIX_FMT_YUVJ444P
                || fmt == AV_PIX_FMT_YUVJ440P || fmt == AV_PIX_FMT_YUVJ411P;
    }

    /** swscale's coefficient table index for an AVColorSpace (they share numbers); {@code fallback} if untagged. */
    static int swsMatrix(int colorspace, int fallback) {
        switch (colorspace) {
            case AVCOL_SPC_BT709:
            case AVCOL_SPC_FCC:
            case AVCOL_SPC_BT470BG:
            case AVCOL_SPC_SMPTE170M:
            case AVCOL_SPC_SMPTE240M:
            case AVCOL_SPC_BT2020_NCL:
            case AVCOL_SPC_BT2020_CL:
                return colorspace;
            default:
                return fallback;
        }
    }

    @Override
    public void close() {
        if (line != null) {
            line.close();
            line = null;
        }
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (dst != null) {
            av_frame_free(dst);
            dst = null;
        }
    }
}
