package org.facemat.train.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.facemat.net.weights.Tensor;

/** Reads little-endian float32 C-order .npy files (the format of the RVM reference outputs). */
public final class Npy {
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static Tensor read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.get() != (byte) 0x93 || b.get() != 'N') {
            throw new IOException(file + ": not an .npy file");
        }
        b.position(6);
        int major = b.get();
        b.get();
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
        byte[] h = new byte[headerLen];
        b.get(h);
        String header = new String(h, StandardCharsets.ISO_8859_1);
        if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) {
            throw new IOException(file + ": expected little-endian float32 in C order, header " + header.trim());
        }
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw new IOException(file + ": no shape in header");
        }
        String[] parts = m.group(1).split(",");
        int rank = 0;
        long[] tmp = new long[parts.length];
        for (String p : parts) {
            if (!p.isBlank()) {
                tmp[rank++] = Long.parseLong(p.trim());
            }
        }
        long[] shape = java.util.Arrays.copyOf(tmp, rank);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return new Tensor(shape, v);
    }

    /** NHWC to NCHW. */
    public static Tensor toNchw(Tensor nhwc) {
        return nhwc.permute(0, 3, 1, 2);
    }
}
