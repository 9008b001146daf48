package org.facemat.train.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.facemat.image.HalfPixelBilinear;
import org.facemat.model.ModelContract;
import org.facemat.net.FaceMatNet;
import org.facemat.net.Network;
import org.facemat.net.Ops;
import org.facemat.net.Port;
import org.facemat.net.UncertaintyHeadInit;
import org.facemat.net.onnx.OnnxOps;
import org.facemat.net.weights.WeightSet;
import org.junit.jupiter.api.Test;

/**
 * A network is written once and both backends follow: a small test network with an input and a block that the
 * FaceMat network does not have (a depth map given at full size; a gated conv), next to FaceMat blocks (squeeze-
 * excitation, ConvGRU, a conv over a concatenation, a choice on sizes), is evaluated by the DJL backend
 * and exported by the ONNX backend, and ONNX Runtime computes what DJL computes, with the new input and block in
 * the graph, without a line for them in either backend.
 */
class OneDescriptionTest {
    static final Port SRC = Port.full("src", 3);
    static final Port SRC_SM = Port.working("src_sm", 3);
    /** The test-only input: at full size in the file, at the working size in the network. */
    static final Port DEPTH = Port.workingFromFull("depth", 1, 0.5f);
    static final Port STATE_IN = Port.state("r1i", 8, 1, "r1h", "r1w");
    static final Port STATE_OUT = Port.state("r1o", 8, 1, "r1h", "r1w");
    static final Port OUT = Port.full("out", 1);

    /** The test-only block: {@code feature(x) * sigmoid(gate(x))}. */
    static <T> T gatedConv(Ops<T> o, String prefix, T x) {
        return o.mul(o.conv(prefix + ".feature", x), o.sigmoid(o.conv(prefix + ".gate", x)));
    }

    static final class Toy implements Network {
        @Override
        public Map<String, long[]> parameterShapes() {
            Map<String, long[]> p = new LinkedHashMap<>();
            conv(p, "toy.in", 16, 4, 3);
            conv(p, "toy.down", 16, 16, 3);
            conv(p, "toy.se.fc1", 4, 16, 1);
            conv(p, "toy.se.fc2", 16, 4, 1);
            conv(p, "toy.gated.feature", 16, 16, 3);
            conv(p, "toy.gated.gate", 16, 16, 1);
            conv(p, "toy.gru.ih.0", 16, 16, 3);
            conv(p, "toy.gru.hh.0", 8, 16, 3);
            conv(p, "toy.out", 1, 16, 1);
            return p;
        }

        private static void conv(Map<String, long[]> p, String name, long out, long in, long k) {
            p.put(name + ".weight", new long[] {out, in, k, k});
            p.put(name + ".bias", new long[] {out});
        }

        @Override
        public Map<String, float[]> constants() {
            return Map.of();
        }

        @Override
        public List<Port> outputs() {
            return List.of(OUT, STATE_OUT);
        }

        @Override
        public <T> void forward(Ops<T> o) {
            T src = o.input(SRC);
            T srcSm = o.input(SRC_SM);
            T state = o.input(STATE_IN);
            T depth = o.input(DEPTH);
            T x = o.relu(o.convOfConcat("toy.in", List.of(srcSm, depth)));
            x = o.hardswish(o.conv("toy.down", x, 2, 1, 1));
            x = FaceMatNet.squeezeExcitation(o, "toy.se", x);
            x = gatedConv(o, "toy.gated", x);
            List<T> ab = o.halves(x);
            T h = o.output(STATE_OUT, FaceMatNet.gru(o, "toy.gru", ab.get(1), state));
            T low = o.conv("toy.out", o.up2(o.concat(ab.get(0), h), srcSm));
            List<T> out = o.ifSameSize(new Ops.Choice("toy.full", "same", "enlarged"), src, 1, srcSm,
                    () -> List.of(o.clip(low, 0f, 1f)),
                    () -> List.of(o.clip(o.resizeLike(low, src), 0f, 1f)), src);
            o.output(OUT, out.get(0));
        }
    }

    @Test
    void theDjlBackendAndTheOnnxBackendComputeTheSameNetwork() throws Exception {
        Toy toy = new Toy();
        WeightSet w = new WeightSet();
        SplittableRandom rnd = new SplittableRandom(16);
        toy.parameterShapes().forEach((name, shape) -> w.put(name, UncertaintyHeadInit.uniform(rnd, shape, 0.3f)));

        GraphProto graph = OnnxOps.graph("toy", toy, w);
        assertTrue(nodeNames(graph).stream().anyMatch(n -> n.startsWith("toy.gated.gate")), "the new block");
        assertTrue(graph.getInputList().stream().anyMatch(v -> v.getName().equals("depth")), "the new input");
        assertTrue(nodeNames(graph).stream().anyMatch(n -> n.startsWith("toy.in.part1")), "a conv per part");
        ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(8).setGraph(graph);
        model.addOpsetImportBuilder().setDomain("").setVersion(ModelContract.OPSET);

        int[][] sizes = {{40, 56, 20, 28}, {43, 61, 21, 31}, {24, 30, 24, 30}};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (NDManager manager = NDManager.newBaseManager();
             OrtSession session = env.createSession(model.build().toByteArray(), new OrtSession.SessionOptions())) {
            NetworkBlock block = new NetworkBlock(toy);
            block.initialize(manager, DataType.FLOAT32);
            block.namedParameters().forEach((name, p) -> ArrayValues.assign(p.getArray(), w.get(name).data()));
            ParameterStore ps = new ParameterStore(manager, false);
            for (int[] s : sizes) {
                int bigH = s[0];
                int bigW = s[1];
                int h = s[2];
                int wd = s[3];
                float[] src = random(rnd, 3 * bigH * bigW);
                float[] srcSm = h == bigH ? src : HalfPixelBilinear.resize(src, 3, bigH, bigW, h, wd);
                float[] depth = random(rnd, bigH * bigW);
                float[] depthSm = h == bigH ? depth : HalfPixelBilinear.resize(depth, 1, bigH, bigW, h, wd);
                float[] state = null;
                for (int frame = 0; frame < 2; frame++) {
                    Map<String, float[]> djl = new HashMap<>();
                    try (NDManager scope = manager.newSubManager()) {
                        Map<String, NDArray> in = new HashMap<>();
                        in.put("src", scope.create(src, new Shape(1, 3, bigH, bigW)));
                        in.put("src_sm", scope.create(srcSm, new Shape(1, 3, h, wd)));
                        in.put("depth", scope.create(depthSm, new Shape(1, 1, h, wd)));
                        if (state != null) {
                            in.put("r1i", scope.create(state, new Shape(1, 8, STATE_IN.stateSize(h),
                                    STATE_IN.stateSize(wd))));
                        }
                        block.evaluate(ps, in, false).forEach((k, v) -> djl.put(k, v.toFloatArray()));
                    }
                    Map<String, OnnxTensor> in = new HashMap<>();
                    in.put("src", OnnxTensor.createTensor(env, FloatBuffer.wrap(src), new long[] {1, 3, bigH, bigW}));
                    in.put("src_sm", OnnxTensor.createTensor(env, FloatBuffer.wrap(srcSm), new long[] {1, 3, h, wd}));
                    in.put("depth", OnnxTensor.createTensor(env, FloatBuffer.wrap(depth),
                            new long[] {1, 1, bigH, bigW}));
                    long[] stateShape = {1, 8, STATE_IN.stateSize(h), STATE_IN.stateSize(wd)};
                    float[] stateIn = state != null ? state : new float[(int) (8 * stateShape[2] * stateShape[3])];
                    in.put("r1i", OnnxTensor.createTensor(env, FloatBuffer.wrap(stateIn), stateShape));
                    Map<String, float[]> ort = new HashMap<>();
                    try (OrtSession.Result r = session.run(in)) {
                        for (Map.Entry<String, OnnxValue> e : r) {
                            FloatBuffer b = ((OnnxTensor) e.getValue()).getFloatBuffer();
                            float[] v = new float[b.remaining()];
                            b.get(v);
                            ort.put(e.getKey(), v);
                        }
                    }
                    in.values().forEach(OnnxTensor::close);
                    assertEquals(ort.keySet(), djl.keySet());
                    for (String k : ort.keySet()) {
                        float d = HalfPixelResizeTest.maxDiff(ort.get(k), djl.get(k));
                        System.out.printf("one description %dx%d/%dx%d frame %d %s: max difference %.2e%n", bigH,
                                bigW, h, wd, frame, k, d);
                        assertTrue(d < 1e-5f, k + " differs by " + d);
                    }
                    state = djl.get("r1o");
                }
            }
        }
    }

    private static List<String> nodeNames(GraphProto g) {
        List<String> names = new java.util.ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            names.add(n.getName());
            n.getAttributeList().stream().filter(a -> a.hasG()).forEach(a -> names.addAll(nodeNames(a.getG())));
        }
        return names;
    }

    private static float[] random(SplittableRandom rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextDouble();
        }
        return v;
    }
}
