package org.facemat.node;

import ai.onnxruntime.OrtException;
import org.facemat.media.ColorSpace;
import org.facemat.media.Frame;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelContract;
import org.facemat.model.RecurrentState;

/**
 * The FaceMat node: the one object the command line and the OpenFX plugin hand frames to. It owns the model,
 * chooses the downsample ratio and carries the recurrent state from frame to frame, starting it again from zeros
 * when the resolution or ratio changes or when a frame does not follow the previous one.
 *
 * <p>Pre-processing is here and only here: {@link #process(Frame)} turns a decoded frame, in its source's own colour
 * space, into what the network was trained on with {@link ColorSpace#toNetwork} (the node's colour space, {@code auto}
 * resolved against each frame).
 */
public final class MatteNode implements AutoCloseable {
    private final FaceMatModel model;
    private final Float fixedRatio;
    private RecurrentState state;
    private long lastFrame = Long.MIN_VALUE;
    private int lastHeight = -1;
    private int lastWidth = -1;
    private float lastRatio = Float.NaN;
    private long resets;
    private final AlignedMatting faces;
    private final double frameSeconds;
    private AlignedMatting.Result lastFaces;
    private final ColorSpace colorSpace;
    private float[] networkInput = new float[0];

    /**
     * The whole-frame node: the network sees the whole frame.
     *
     * @param fixedRatio the downsample ratio to use, or null to take the model's recommendation for each frame size
     */
    public MatteNode(FaceMatModel model, Float fixedRatio) {
        this(model, fixedRatio, null, 24);
    }

    /**
     * @param faces     the face path (each tracked face matted on its own crop), or null for the whole-frame path
     * @param frameRate frames per second, for smoothing the face crops over time
     */
    public MatteNode(FaceMatModel model, Float fixedRatio, AlignedMatting faces, double frameRate) {
        this(model, fixedRatio, faces, frameRate, ColorSpace.AUTO);
    }

    /**
     * @param faces      the face path (each tracked face matted on its own crop), or null for the whole-frame path
     * @param frameRate  frames per second, for smoothing the face crops over time
     * @param colorSpace the sources' colour space ({@link ColorSpace#AUTO}: from each frame's kind)
     */
    public MatteNode(FaceMatModel model, Float fixedRatio, AlignedMatting faces, double frameRate,
                     ColorSpace colorSpace) {
        if (fixedRatio != null && !(fixedRatio > 0f && fixedRatio <= 1f)) {
            throw new IllegalArgumentException("downsample ratio must be in (0, 1], got " + fixedRatio);
        }
        if (!(frameRate > 0 && frameRate < 10000)) {
            throw new IllegalArgumentException("frame rate must be positive, got " + frameRate);
        }
        this.model = model;
        this.fixedRatio = fixedRatio;
        this.faces = faces;
        this.frameSeconds = 1.0 / frameRate;
        this.colorSpace = colorSpace == null ? ColorSpace.AUTO : colorSpace;
    }

    /** The colour space frames given to {@link #process(Frame)} are taken to be in. */
    public ColorSpace colorSpace() {
        return colorSpace;
    }

    /**
     * Mattes one decoded frame: converts its values from the node's colour space to the network's input, then as
     * {@link #process(float[], int, int, long)}. The frame is left as it is.
     */
    public MattePlanes process(Frame frame) throws OrtException {
        int n = frame.rgb().length;
        if (networkInput.length != n) {
            networkInput = new float[n];
        }
        colorSpace.resolve(frame).toNetwork(frame.rgb(), networkInput, frame.width() * frame.height());
        return process(networkInput, frame.height(), frame.width(), frame.number());
    }

    public float ratioFor(int height, int width) {
        return fixedRatio != null ? fixedRatio : model.recommendedRatio(height, width);
    }

    /**
     * Mattes one frame.
     *
     * @param rgb         the network's input: planar RGB in [0,1], sRGB-encoded Rec.709 (see {@link #process(Frame)})
     * @param frameNumber the frame's number in its source; the state carries over only from frameNumber - 1
     */
    public MattePlanes process(float[] rgb, int height, int width, long frameNumber) throws OrtException {
        if (faces != null) {
            boolean follows = frameNumber == lastFrame + 1 && height == lastHeight && width == lastWidth;
            if (!follows) {
                faces.reset();
                resets++;
            }
            lastFaces = faces.process(rgb, height, width, frameNumber, frameSeconds);
            lastFrame = frameNumber;
            lastHeight = height;
            lastWidth = width;
            return lastFaces.matte();
        }
        float ratio = ratioFor(height, width);
        boolean follows = frameNumber == lastFrame + 1 && height == lastHeight && width == lastWidth
                && ratio == lastRatio;
        if (!follows || state == null) {
            state = RecurrentState.zeros(ModelContract.workingSize(height, ratio), ModelContract.workingSize(width, ratio));
            resets++;
        }
        MattePlanes out = model.run(rgb, height, width, ratio, state);
        lastFrame = frameNumber;
        lastHeight = height;
        lastWidth = width;
        lastRatio = ratio;
        return out;
    }

    /** Forgets the state: the next frame starts from zeros (and, on the face path, with no tracks). */
    public void reset() {
        state = null;
        lastFrame = Long.MIN_VALUE;
        if (faces != null) {
            faces.reset();
        }
    }

    /** Closes the face models only (a render's node shares the caller's matting model). */
    public void closeFaces() throws OrtException {
        if (faces != null) {
            faces.close();
        }
    }

    /** Whether the node mattes each tracked face on its own crop. */
    public boolean alignsFaces() {
        return faces != null;
    }

    /** On the face path, the faces of the last frame processed; null on the whole-frame path. */
    public AlignedMatting.Result lastFaces() {
        return lastFaces;
    }

    /** The frame the current state follows, or Long.MIN_VALUE when there is none. */
    public long lastFrame() {
        return lastFrame;
    }

    /** How many times the state started again from zeros (the first frame counts). */
    public long resets() {
        return resets;
    }

    public FaceMatModel model() {
        return model;
    }

    @Override
    public void close() throws OrtException {
        if (faces != null) {
            faces.close();
        }
        model.close();
    }
}
