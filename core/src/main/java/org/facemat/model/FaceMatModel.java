package org.facemat.model;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facemat.image.HalfPixelBilinear;

/**
 * A FaceMat model file opened in ONNX Runtime and checked against the {@link ModelContract}: the one place that
 * talks to the network. It makes the working image, feeds the recurrent state and returns alpha and uncertainty.
 * Not thread-safe: one instance per render thread (the ONNX Runtime session itself may be shared later).
 */
public final class FaceMatModel implements AutoCloseable {
    private final Path file;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final Map<String, String> metadata;
    private final long opset;
    private final ExecutionProviders.Choice provider;
    private final Map<String, long[]> inputShapes;
    private final Map<String, long[]> outputShapes;
    private FloatBuffer srcBuffer;
    private FloatBuffer smallBuffer;
    private FloatBuffer priorBuffer;
    /** Whether {@link #priorBuffer} holds the "no landmarks" plane, which is then reused frame after frame. */
    private boolean priorIsUnknown;
    private final DownsampleRatios ratios;
    // what the model was opened with: the face models open on the same device
    private Device device = Device.CPU;
    private int threads = 2;
    private float[] small;

    private FaceMatModel(Path file, OrtEnvironment env, OrtSession session, Map<String, String> metadata, long opset,
                         ExecutionProviders.Choice provider, DownsampleRatios ratios) throws OrtException {
        this.ratios = ratios;
        this.file = file;
        this.env = env;
        this.session = session;
        this.metadata = metadata;
        this.opset = opset;
        this.provider = provider;
        this.inputShapes = shapes(session.getInputInfo());
        this.outputShapes = shapes(session.getOutputInfo());
    }

    /** Opens {@code file} on the CPU with 2 threads (or as many as given by {@code threads}). */
    public static FaceMatModel open(Path file) throws ModelLoadException {
        return open(file, Device.CPU, Math.min(2, Runtime.getRuntime().availableProcessors()), null);
    }

    /**
     * Opens and validates a model file.
     *
     * @param threads     intra-op threads for the CPU provider
     * @param engineCache folder for TensorRT engines (null: no cache)
     */
    public static FaceMatModel open(Path file, Device device, int threads, Path engineCache) throws ModelLoadException {
        OnnxMl.ModelProto proto = readProto(file);
        long opset = opset(proto);
        if (opset != ModelContract.OPSET) {
            throw new ModelLoadException(file + ": model uses opset " + opset + ", the contract needs opset "
                    + ModelContract.OPSET);
        }
        List<String> resize = TensorRtCompatibility.problems(proto);
        if (!resize.isEmpty()) {
            throw new ModelLoadException(file + ": not TensorRT-compatible: " + resize.get(0));
        }
        // what the file declares is checked before ONNX Runtime is given it
        DownsampleRatios ratios = ModelContract.checkMetadata(file, ModelFileChecks.metadata(file, proto));
        ModelFileChecks.declaredShapes(file, proto.getGraph());
        boolean external = ModelFileChecks.externalData(file, proto);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try {
            // weights in files beside the model are found relative to the model's path, which a session made
            // from bytes does not have
            OrtSessions.Opened opened = OrtSessions.open(env, file, external ? null : proto.toByteArray(), device,
                    threads, engineCache);
            OrtSession session = opened.session();
            ExecutionProviders.Choice choice = opened.provider();
            try {
                Map<String, String> meta = new LinkedHashMap<>(session.getMetadata().getCustomMetadata());
                FaceMatModel m = new FaceMatModel(file, env, session, meta, opset, choice, ratios);
                m.device = device;
                m.threads = threads;
                m.checkContract();
                return m;
            } catch (ModelLoadException | OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new ModelLoadException(file + ": ONNX Runtime cannot load it: " + ExecutionProviders.oneLine(e), e);
        }
    }

    /** The default-domain opset the model imports, or -1. */
    private static long opset(OnnxMl.ModelProto model) {
        for (OnnxMl.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        return -1;
    }

    private static OnnxMl.ModelProto readProto(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file + ": no such model file");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(bytes);
            if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0) {
                throw new ModelLoadException(file + ": not an ONNX model (no graph)");
            }
            return proto;
        } catch (InvalidProtocolBufferException e) {
            throw new ModelLoadException(file + ": not an ONNX model (" + ExecutionProviders.oneLine(e) + ")");
        } catch (IOException e) {
            throw new ModelLoadException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    private void checkContract() throws ModelLoadException {
        List<String> wanted = new ArrayList<>(List.of(ModelContract.SRC, ModelContract.SRC_SMALL));
        wanted.addAll(ModelContract.STATE_INPUTS);
        int optional = takesPrior() ? 1 : 0;
        if (!inputShapes.keySet().containsAll(wanted) || inputShapes.size() != wanted.size() + optional) {
            throw new ModelLoadException(file + ": inputs are " + inputShapes.keySet() + ", the contract needs "
                    + wanted + " and optionally " + ModelContract.PRIOR);
        }
        checkRank4(ModelContract.SRC, inputShapes, 3);
        checkRank4(ModelContract.SRC_SMALL, inputShapes, 3);
        if (takesPrior()) {
            checkRank4(ModelContract.PRIOR, inputShapes, 1);
        }
        for (int i = 0; i < 4; i++) {
            checkRank4(ModelContract.STATE_INPUTS.get(i), inputShapes, ModelContract.STATE_CHANNELS[i]);
            checkRank4(ModelContract.STATE_OUTPUTS.get(i), outputShapes, ModelContract.STATE_CHANNELS[i]);
        }
        checkRank4(ModelContract.ALPHA, outputShapes, 1);
        checkRank4(ModelContract.UNCERTAINTY, outputShapes, 1);
        long[] src = inputShapes.get(ModelContract.SRC);
        if (src[2] > 0 || src[3] > 0) {
            throw new ModelLoadException(file + ": input src has fixed size " + src[2] + "x" + src[3]
                    + ", the contract needs dynamic height and width");
        }
        ModelContract.checkMetadata(file, metadata);
    }

    private void checkRank4(String name, Map<String, long[]> shapes, int channels) throws ModelLoadException {
        long[] s = shapes.get(name);
        if (s == null) {
            throw new ModelLoadException(file + ": no " + name + " tensor (the contract needs it)");
        }
        if (s.length != 4 || (s[1] > 0 && s[1] != channels)) {
            throw new ModelLoadException(file + ": " + name + " has shape " + java.util.Arrays.toString(s)
                    + ", the contract needs [1," + channels + ",H,W]");
        }
    }

    private Map<String, long[]> shapes(Map<String, NodeInfo> info) throws OrtException {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, NodeInfo> e : info.entrySet()) {
            if (!(e.getValue().getInfo() instanceof TensorInfo t) || t.type != OnnxJavaType.FLOAT) {
                throw new OrtException("tensor " + e.getKey() + " is not float32");
            }
            out.put(e.getKey(), t.getShape());
        }
        return out;
    }

    /**
     * Runs one frame.
     *
     * @param src   planar RGB (R plane, G plane, B plane), sRGB-encoded, in [0,1], height x width
     * @param ratio downsample ratio; the working image is {@link ModelContract#workingSize} of each side
     * @param state the state from the previous frame; it is updated in place (a fresh zero state when the size changed)
     * @return the matte planes; the state to feed the next frame is {@code state} (or the one returned by
     *     {@link RecurrentState#forSize} when the size changed)
     */
    public MattePlanes run(float[] src, int height, int width, float ratio, RecurrentState state) throws OrtException {
        return run(src, null, height, width, ratio, state);
    }

    /** Whether the model declares the optional landmark prior input ({@link ModelContract#PRIOR}). */
    public boolean takesPrior() {
        return inputShapes.containsKey(ModelContract.PRIOR);
    }

    /**
     * Runs one frame with a landmark prior.
     *
     * @param prior the prior plane, height x width in [0,1] ({@link org.facemat.face.LandmarkPrior}), or null when
     *              there are no landmarks: a model that takes a prior is then given
     *              {@link ModelContract#PRIOR_UNKNOWN} everywhere; a model that takes none ignores it
     * @see #run(float[], int, int, float, RecurrentState)
     */
    public MattePlanes run(float[] src, float[] prior, int height, int width, float ratio, RecurrentState state)
            throws OrtException {
        if (prior != null && prior.length != height * width) {
            throw new IllegalArgumentException("prior has " + prior.length + " values, the frame " + width + "x"
                    + height + " needs " + height * width);
        }
        int h = ModelContract.workingSize(height, ratio);
        int w = ModelContract.workingSize(width, ratio);
        if (h < 3 || w < 3) {
            throw new IllegalArgumentException("downsample ratio " + ratio + " makes a " + width + "x" + height
                    + " frame too small (" + w + "x" + h + "); the network needs at least 3x3 (4x4 at ratio < 1)");
        }
        if (state.workingH() != h || state.workingW() != w) {
            throw new IllegalArgumentException("state is for " + state.workingW() + "x" + state.workingH()
                    + ", frame works at " + w + "x" + h + " (use RecurrentState.forSize)");
        }
        boolean full = h == height && w == width;
        if (!full) {
            if (small == null || small.length != 3 * h * w) {
                small = new float[3 * h * w];
            }
            HalfPixelBilinear.resize(src, 3, height, width, small, h, w);
        }
        Map<String, OnnxTensor> in = new HashMap<>();
        try {
            srcBuffer = fill(srcBuffer, src);
            in.put(ModelContract.SRC, OnnxTensor.createTensor(env, srcBuffer, new long[] {1, 3, height, width}));
            if (full) {
                in.put(ModelContract.SRC_SMALL, OnnxTensor.createTensor(env, srcBuffer, new long[] {1, 3, h, w}));
            } else {
                smallBuffer = fill(smallBuffer, small);
                in.put(ModelContract.SRC_SMALL, OnnxTensor.createTensor(env, smallBuffer, new long[] {1, 3, h, w}));
            }
            for (int i = 0; i < 4; i++) {
                in.put(ModelContract.STATE_INPUTS.get(i), tensor(state.get(i), state.shape(i)));
            }
            if (takesPrior()) {
                in.put(ModelContract.PRIOR, OnnxTensor.createTensor(env, priorPlane(prior, height * width),
                        new long[] {1, 1, height, width}));
            }
            try (OrtSession.Result r = session.run(in)) {
                float[] alpha = floats(r, ModelContract.ALPHA);
                float[] sigma = floats(r, ModelContract.UNCERTAINTY);
                for (int i = 0; i < 4; i++) {
                    state.set(i, floats(r, ModelContract.STATE_OUTPUTS.get(i)));
                }
                return new MattePlanes(height, width, alpha, sigma);
            }
        } finally {
            for (OnnxTensor t : in.values()) {
                t.close();
            }
        }
    }

    /** The prior in a reused direct buffer; {@link ModelContract#PRIOR_UNKNOWN} everywhere when none is given. */
    private FloatBuffer priorPlane(float[] prior, int size) {
        if (prior != null) {
            priorBuffer = fill(priorBuffer, prior);
            priorIsUnknown = false;
            return priorBuffer;
        }
        if (priorBuffer == null || priorBuffer.capacity() != size || !priorIsUnknown) {
            float[] unknown = new float[size];
            java.util.Arrays.fill(unknown, ModelContract.PRIOR_UNKNOWN);
            priorBuffer = fill(priorBuffer, unknown);
            priorIsUnknown = true;
        }
        priorBuffer.rewind();
        return priorBuffer;
    }

    /** Copies {@code data} into a direct buffer (reused while the size stays the same): ONNX Runtime reads it in place. */
    private static FloatBuffer fill(FloatBuffer buf, float[] data) {
        if (buf == null || buf.capacity() != data.length) {
            buf = ByteBuffer.allocateDirect(data.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
        buf.clear();
        buf.put(data).flip();
        return buf;
    }

    private OnnxTensor tensor(float[] data, long... shape) throws OrtException {
        FloatBuffer fb = ByteBuffer.allocateDirect(data.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        fb.put(data).flip();
        return OnnxTensor.createTensor(env, fb, shape);
    }

    private static float[] floats(OrtSession.Result r, String name) throws OrtException {
        OnnxTensor t = (OnnxTensor) r.get(name).orElseThrow(() -> new OrtException("model gave no " + name));
        FloatBuffer fb = t.getFloatBuffer();
        float[] v = new float[fb.remaining()];
        fb.get(v);
        return v;
    }

    /** The device asked for when the model was opened (see {@link #provider()} for what it got). */
    public Device device() {
        return device;
    }

    /** The CPU threads the model was opened with. */
    public int threads() {
        return threads;
    }

    public Path file() {
        return file;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public long opset() {
        return opset;
    }

    public ExecutionProviders.Choice provider() {
        return provider;
    }

    public Map<String, long[]> inputShapes() {
        return inputShapes;
    }

    public Map<String, long[]> outputShapes() {
        return outputShapes;
    }

    /** Recommended downsample ratio for a frame of this height, from the model's metadata. */
    public float recommendedRatio(int height, int width) {
        return ratios.forSize(height, width);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
