package org.facemat.face;

import ai.onnxruntime.OrtException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.facemat.model.Device;
import org.facemat.model.ModelLoadException;

/**
 * Finds faces with BlazeFace (256x256) in ONNX Runtime: letterbox, anchor decoding, sigmoid, threshold and weighted NMS,
 * as MediaPipe's face detection does; the network runs twice, on the letterboxed frame and on it at half size, so that
 * close-ups are found as well as faces seen from a distance. Not thread-safe: one per thread.
 */
public final class FaceDetector implements AutoCloseable {
    /** Confidence a face needs (MediaPipe's default). */
    public static final float DEFAULT_MIN_SCORE = 0.5f;
    /** Detections overlapping more than this are merged. */
    public static final float NMS_IOU = 0.3f;
    /** MediaPipe clips the logits to this before the sigmoid. */
    private static final float LOGIT_CLIP = 100f;
    private static final int SIZE = FaceModels.DETECTOR_INPUT_SIZE;

    private final FaceSession session;
    private final float minScore;

    private FaceDetector(FaceSession session, float minScore) {
        this.session = session;
        this.minScore = minScore;
    }

    /** Opens {@code file} on the CPU with up to 2 threads and the default threshold. */
    public static FaceDetector open(Path file) throws ModelLoadException {
        return open(file, Device.CPU, Math.min(2, Runtime.getRuntime().availableProcessors()), DEFAULT_MIN_SCORE);
    }

    public static FaceDetector open(Path file, Device device, int threads, float minScore) throws ModelLoadException {
        return new FaceDetector(FaceSession.open(file, SIZE, device, threads, Map.of(
                FaceModels.SCORES, new long[] {1, FaceModels.ANCHORS},
                FaceModels.BOXES, new long[] {1, FaceModels.ANCHORS, FaceModels.BOX_VALUES})), minScore);
    }

    /**
     * The faces in a frame.
     *
     * @param rgb planar RGB in [0,1] (R plane, G plane, B plane), sRGB-encoded, {@code height x width}
     * @return detections in frame pixels, best score first
     */
    public List<Detection> detect(float[] rgb, int height, int width) throws OrtException {
        if (rgb.length < 3 * height * width) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " values, a " + width + "x" + height
                    + " frame needs " + 3 * height * width);
        }
        float[] input = Letterbox.of(rgb, height, width, SIZE);
        float scale = Letterbox.scale(height, width, SIZE);
        float[] zoomedOut = zoomedOut(input);
        List<Detection> found = new ArrayList<>(run(input, scale, 0f, 1f));
        // the same picture at half the size in the middle of the input: this detector was trained for faces seen from
        // a distance and scores a face that fills the frame low (a close-up half hidden by a hand scored 0.21 full
        // size, 0.86 at half size)
        found.addAll(run(zoomedOut, scale, SIZE / 4f, 2f));
        return WeightedNms.apply(found, NMS_IOU);
    }

    /** The input at half size, centred, black around (in [0,1], before the model's scaling). */
    private static float[] zoomedOut(float[] input) {
        int half = SIZE / 2;
        int offset = SIZE / 4;
        float[] out = new float[input.length];
        for (int c = 0; c < 3; c++) {
            int plane = c * SIZE * SIZE;
            for (int y = 0; y < half; y++) {
                for (int x = 0; x < half; x++) {
                    int i = plane + 2 * y * SIZE + 2 * x;
                    out[plane + (y + offset) * SIZE + x + offset] =
                            0.25f * (input[i] + input[i + 1] + input[i + SIZE] + input[i + SIZE + 1]);
                }
            }
        }
        return out;
    }

    /**
     * One network run on a [0,1] input; an input point (u, v) is the first input's point ((u - offset) * zoom, (v -
     * offset) * zoom), which is {@code scale} frame pixels per input pixel.
     */
    private List<Detection> run(float[] unit, float scale, float offset, float zoom) throws OrtException {
        float[] input = new float[unit.length];
        for (int i = 0; i < input.length; i++) {
            input[i] = unit[i] * 2f - 1f; // the model's [-1, 1]
        }
        float[][] out = session.run(input, FaceModels.SCORES, FaceModels.BOXES);
        return decode(out[0], out[1], scale, offset, zoom);
    }

    /** The anchors over the threshold, as detections in frame pixels. */
    private List<Detection> decode(float[] logits, float[] boxes, float scale, float offset, float zoom) {
        List<Detection> found = new ArrayList<>();
        for (int a = 0; a < FaceModels.ANCHORS; a++) {
            float logit = Math.max(-LOGIT_CLIP, Math.min(LOGIT_CLIP, logits[a]));
            float score = (float) (1.0 / (1.0 + Math.exp(-logit)));
            if (score < minScore) {
                continue;
            }
            int b = a * FaceModels.BOX_VALUES;
            float ax = Anchors.CENTRES[2 * a];
            float ay = Anchors.CENTRES[2 * a + 1];
            float s = scale * zoom;
            float cx = ax + boxes[b] - offset;
            float cy = ay + boxes[b + 1] - offset;
            float hw = 0.5f * boxes[b + 2];
            float hh = 0.5f * boxes[b + 3];
            float[] kp = new float[2 * Detection.KEYPOINTS];
            for (int k = 0; k < Detection.KEYPOINTS; k++) {
                kp[2 * k] = (ax + boxes[b + 4 + 2 * k] - offset) * s;
                kp[2 * k + 1] = (ay + boxes[b + 5 + 2 * k] - offset) * s;
            }
            found.add(new Detection((cx - hw) * s, (cy - hh) * s, (cx + hw) * s, (cy + hh) * s, score, kp));
        }
        return found;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
