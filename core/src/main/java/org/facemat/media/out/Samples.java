package org.facemat.media.out;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/** Float [0, 1] planes written into FFmpeg frame buffers. */
final class Samples {
    private Samples() {
    }

    /** Round to nearest 16-bit code, clamped; NaN gives 0. */
    static int q16(float v) {
        if (!(v > 0f)) {
            return 0;
        }
        if (v >= 1f) {
            return 65535;
        }
        return (int) (v * 65535.0 + 0.5);
    }

    /** Clamp to [0, 1]; NaN gives 0. */
    static float clamp(float v) {
        return v > 0f ? (v < 1f ? v : 1f) : 0f;
    }

    /**
     * The float that swscale turns into the 10-bit code nearest to {@code v}. swscale reads float input as
     * {@code lrintf(v * 65535)} and reduces 16-bit alpha to 10 bits as {@code round(x / 64)} (not
     * {@code x * 1023 / 65535}), which is one code high for values near 1; the 16-bit value {@code c << 6} comes out
     * as exactly {@code c}.
     */
    static float alpha10(float v) {
        int c;
        if (!(v > 0f)) {
            c = 0;
        } else if (v >= 1f) {
            c = 1023;
        } else {
            c = (int) (v * 1023f + 0.5f);
        }
        return (c << 6) * (1f / 65535f);
    }

    /** The bytes of plane {@code p} of a frame, {@code rows} high, in the given byte order. */
    static ByteBuffer plane(AVFrame f, int p, int rows, ByteOrder order) {
        return f.data(p).capacity((long) f.linesize(p) * rows).asByteBuffer().order(order);
    }

    /**
     * Fills a planar float frame ({@code gbrpf32le}, or {@code gbrapf32le} when {@code alphaPlane}) of size
     * {@code outW x outH} from planar float input of size {@code w x h}; pixels beyond the input repeat its last
     * column/row. {@code rgb} holds R, G, B planes (null: every colour channel takes {@code alpha}). Values are clamped
     * to [0, 1]; with {@code alphaTo10Bits} alpha is rounded to 10-bit codes (see {@link #alpha10(float)}).
     */
    static void fillPlanarFloat(AVFrame f, int w, int h, int outW, int outH, float[] rgb, float[] alpha,
                                boolean alphaPlane, boolean alphaTo10Bits, float[] row) {
        int area = w * h;
        // gbrp order: plane 0 = G, 1 = B, 2 = R, 3 = A
        int[] channelOfPlane = {1, 2, 0, 3};
        int planes = alphaPlane ? 4 : 3;
        for (int p = 0; p < planes; p++) {
            int c = channelOfPlane[p];
            float[] src;
            int base;
            if (c == 3) {
                src = alpha;
                base = 0;
            } else if (rgb == null) {
                src = alpha;
                base = 0;
            } else {
                src = rgb;
                base = c * area;
            }
            boolean tenBit = c == 3 && alphaTo10Bits;
            FloatBuffer fb = plane(f, p, outH, ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            int stride = f.linesize(p) / 4;
            for (int y = 0; y < outH; y++) {
                int off = base + Math.min(y, h - 1) * w;
                if (tenBit) {
                    for (int x = 0; x < w; x++) {
                        row[x] = alpha10(src[off + x]);
                    }
                } else {
                    for (int x = 0; x < w; x++) {
                        float v = src[off + x];
                        row[x] = v > 0f ? (v < 1f ? v : 1f) : 0f;
                    }
                }
                for (int x = w; x < outW; x++) {
                    row[x] = row[w - 1];
                }
                fb.put(y * stride, row, 0, outW);
            }
        }
    }

    /**
     * Fills a packed 16-bit frame ({@code channels} = 1 grey, 4 RGBA) of size {@code w x h} from planar float input.
     * {@code rgb} holds R, G, B planes (null: every colour channel takes {@code alpha}).
     */
    static void fillPacked16(AVFrame f, int channels, ByteOrder order, int w, int h, float[] rgb, float[] alpha,
                             short[] row) {
        ShortBuffer sb = plane(f, 0, h, order).asShortBuffer();
        int stride = f.linesize(0) / 2;
        int area = w * h;
        for (int y = 0; y < h; y++) {
            int k = 0;
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (channels == 1) {
                    row[k++] = (short) q16(alpha[i]);
                    continue;
                }
                if (rgb != null) {
                    row[k++] = (short) q16(rgb[i]);
                    row[k++] = (short) q16(rgb[area + i]);
                    row[k++] = (short) q16(rgb[2 * area + i]);
                } else {
                    short a = (short) q16(alpha[i]);
                    row[k++] = a;
                    row[k++] = a;
                    row[k++] = a;
                }
                row[k++] = (short) q16(alpha[i]);
            }
            sb.put(y * stride, row, 0, k);
        }
    }
}
