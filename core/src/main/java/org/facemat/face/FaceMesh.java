package org.facemat.face;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import java.util.Map;
import org.facemat.model.Device;
import org.facemat.model.ModelLoadException;

/**
 * Places the 468 face-mesh landmarks in ONNX Runtime: a rotated square crop of the frame (see {@link FaceCrop})
 * at 192x192, one network run, the landmarks mapped back to frame pixels. Not thread-safe: one per thread.
 */
public final class FaceMesh implements AutoCloseable {
    private static final int SIZE = FaceModels.MESH_INPUT_SIZE;

    private final FaceSession session;

    private FaceMesh(FaceSession session) {
        this.session = session;
    }

    /** Opens {@code file} on the CPU with up to 2 threads. */
    public static FaceMesh open(Path file) throws ModelLoadException {
        return open(file, Device.CPU, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    public static FaceMesh open(Path file, Device device, int threads) throws ModelLoadException {
        return new FaceMesh(FaceSession.open(file, SIZE, device, threads, Map.of(
                FaceModels.LANDMARKS, new long[] {1, 3L * Landmarks.COUNT},
                FaceModels.FLAG, new long[] {1, 1})));
    }

    /** The landmarks of a face just detected: crop from the detection box and eye keypoints. */
    public Landmarks fromDetection(float[] rgb, int height, int width, Detection d) throws OrtException {
        return run(rgb, height, width, FaceCrop.ofDetection(d));
    }

    /** The landmarks of a face followed from earlier landmarks (the previous frame's, or this frame's first pass). */
    public Landmarks fromLandmarks(float[] rgb, int height, int width, Landmarks previous) throws OrtException {
        return run(rgb, height, width, FaceCrop.around(previous, true, FaceCrop.MESH_MARGIN));
    }

    /**
     * The landmarks found in a given crop.
     *
     * @param rgb planar RGB in [0,1] (R plane, G plane, B plane), sRGB-encoded, {@code height x width}
     */
    public Landmarks run(float[] rgb, int height, int width, FaceCrop crop) throws OrtException {
        if (rgb.length < 3 * height * width) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " values, a " + width + "x" + height
                    + " frame needs " + 3 * height * width);
        }
        float[][] out = session.run(crop.sample(rgb, 3, height, width, SIZE, FaceCrop.Outside.BLACK), FaceModels.LANDMARKS,
                FaceModels.FLAG);
        float[] p = out[0];
        float[] points = new float[p.length];
        float zScale = (float) (crop.side() / SIZE);
        for (int i = 0; i < Landmarks.COUNT; i++) {
            float u = p[3 * i];
            float v = p[3 * i + 1];
            points[3 * i] = (float) crop.frameX(u, v, SIZE);
            points[3 * i + 1] = (float) crop.frameY(u, v, SIZE);
            points[3 * i + 2] = p[3 * i + 2] * zScale;
        }
        return new Landmarks(points, out[1][0]);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
