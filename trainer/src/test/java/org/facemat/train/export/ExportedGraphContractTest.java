package org.facemat.train.export;

import static org.facemat.net.onnx.GraphBuilder.graphAttr;
import static org.facemat.net.onnx.GraphBuilder.stringAttr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facemat.model.ModelContract;
import org.facemat.model.TensorRtCompatibility;
import org.facemat.model.file.ModelMetadata;
import org.facemat.net.onnx.GraphBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The exported file against the model contract, and the TensorRT Resize rule, including its negative cases. */
class ExportedGraphContractTest {
    private static ModelProto model;

    @BeforeAll
    static void load() throws Exception {
        model = ModelProto.parseFrom(Files.readAllBytes(ExportFixture.modelFile()));
    }

    @Test
    void headerIsOpset17Ir8FromFacemat() {
        assertEquals(8, model.getIrVersion());
        assertEquals("facemat", model.getProducerName());
        assertEquals(1, model.getOpsetImportCount());
        assertEquals("", model.getOpsetImport(0).getDomain());
        assertEquals(ModelContract.OPSET, model.getOpsetImport(0).getVersion());
    }

    @Test
    void inputsAndOutputsHaveTheContractNamesAndDynamicSpatialDims() {
        GraphProto g = model.getGraph();
        List<String> inputs = names(g.getInputList());
        List<String> expectedIn = new ArrayList<>(List.of(ModelContract.SRC, ModelContract.SRC_SMALL));
        expectedIn.addAll(ModelContract.STATE_INPUTS);
        assertEquals(expectedIn, inputs);
        List<String> expectedOut = new ArrayList<>(List.of(ModelContract.ALPHA, ModelContract.UNCERTAINTY));
        expectedOut.addAll(ModelContract.STATE_OUTPUTS);
        assertEquals(expectedOut, names(g.getOutputList()));

        Map<String, ValueInfoProto> all = new HashMap<>();
        g.getInputList().forEach(v -> all.put(v.getName(), v));
        g.getOutputList().forEach(v -> all.put(v.getName(), v));
        assertDims(all.get(ModelContract.SRC), 3, "H", "W");
        assertDims(all.get(ModelContract.SRC_SMALL), 3, "h", "w");
        assertDims(all.get(ModelContract.ALPHA), 1, "H", "W");
        assertDims(all.get(ModelContract.UNCERTAINTY), 1, "H", "W");
        for (int i = 0; i < 4; i++) {
            ValueInfoProto in = all.get(ModelContract.STATE_INPUTS.get(i));
            ValueInfoProto out = all.get(ModelContract.STATE_OUTPUTS.get(i));
            int c = ModelContract.STATE_CHANNELS[i];
            assertDims(in, c, null, null);
            assertDims(out, c, null, null);
            // a state output has the symbolic size of the state input it replaces
            assertEquals(in.getType().getTensorType().getShape(), out.getType().getTensorType().getShape());
        }
    }

    @Test
    void everyContractMetadataKeyIsFilled() {
        Map<String, String> meta = new HashMap<>();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        for (String key : ModelContract.REQUIRED_METADATA) {
            assertTrue(meta.containsKey(key) && !meta.get(key).isBlank(), "missing metadata " + key);
        }
        assertEquals(ModelContract.COLOUR_SPACE, meta.get(ModelContract.META_COLOUR));
        assertEquals(ModelContract.CONTRACT_VERSION, meta.get(ModelContract.META_CONTRACT));
        assertEquals("GPL-3.0", meta.get(ModelContract.META_LICENCE));
        assertEquals(ExportFixture.METADATA.modelName(), meta.get(ModelContract.META_NAME));
        assertEquals(ModelMetadata.DEFAULT_DOWNSAMPLE_RATIOS, meta.get(ModelContract.META_RATIOS));
    }

    @Test
    void everyResizeIsTensorRtCompatibleAndTheWalkerSeesTheBranches() {
        assertEquals(List.of(), TensorRtCompatibility.problems(model));
        // where the Resizes are: decode3..1 in the top graph, decode0 in each branch of its If, the refiner's two
        // (with sizes from Shape(src)) in the else branch of the refine If
        Map<String, Integer> resizes = new HashMap<>();
        countResizes(model.getGraph(), resizes);
        assertEquals(Map.of("facemat", 3, "even_working_size", 1, "odd_working_size", 1, "fast_guided_filter", 2),
                resizes);
    }

    private static void countResizes(GraphProto g, Map<String, Integer> into) {
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Resize")) {
                into.merge(g.getName(), 1, Integer::sum);
            }
            n.getAttributeList().stream().filter(a -> a.hasG()).forEach(a -> countResizes(a.getG(), into));
        }
    }

    @Test
    void walkerFlagsAScaleComputedAtRunTime() {
        GraphBuilder g = new GraphBuilder("bad");
        String x = g.input("x", 1, 1, "H", "W");
        String ratio = g.input("ratio", 4);
        // scales = [1,1,2,2] * ratio: what RVM's own export does with its downsample_ratio input
        String scales = g.mul("scales", g.floats("base", new long[] {4}, 1f, 1f, 2f, 2f), ratio);
        String y = g.op("Resize", "resize_by_ratio", List.of(x, "", scales), stringAttr("mode", "linear"));
        g.output(y);
        List<String> p = TensorRtCompatibility.problems(wrap(g));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("resize_by_ratio") && p.get(0).contains("scales"), p.get(0));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> TensorRtCompatibility.check(wrap(g)));
        assertTrue(e.getMessage().contains("resize_by_ratio"), e.getMessage());
    }

    @Test
    void walkerFlagsSizesThatDoNotComeFromShapes() {
        GraphBuilder g = new GraphBuilder("bad");
        String x = g.input("x", 1, 1, "H", "W");
        String f = g.input("f", 1, 1, 1, 1);
        // sizes = Shape(x) * 2 is arithmetic on a shape: fine for ONNX, but the rule allows shape plumbing only
        String shapeTimes2 = g.mul("shape_x2", g.op("Shape", "shape", List.of(x)), g.ints("two", 2, 2, 2, 2));
        String y1 = g.op("Resize", "resize_computed", List.of(x, "", "", shapeTimes2), stringAttr("mode", "linear"));
        // sizes cast from a float input: a runtime value
        String fromInput = g.op("Cast", "cast", List.of(g.op("Shape", "shape_f", List.of(f))),
                GraphBuilder.intAttr("to", 7));
        String viaInput = g.op("Concat", "cat", List.of(fromInput, g.op("Cast", "cast_f", List.of(f),
                GraphBuilder.intAttr("to", 7))), GraphBuilder.intAttr("axis", 0));
        String y2 = g.op("Resize", "resize_from_input", List.of(x, "", "", viaInput), stringAttr("mode", "linear"));
        // a good one: constant scale
        String y3 = g.op("Resize", "resize_ok", List.of(x, "", g.floats("s", new long[] {4}, 1f, 1f, 2f, 2f)),
                stringAttr("mode", "linear"));
        g.output(y1);
        g.output(y2);
        g.output(y3);
        List<String> p = TensorRtCompatibility.problems(wrap(g));
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains("resize_computed") && p.get(0).contains("Mul"), p.get(0));
        assertTrue(p.get(1).contains("resize_from_input") && p.get(1).contains("graph input"), p.get(1));
    }

    @Test
    void walkerLooksInsideIfBranches() {
        GraphBuilder g = new GraphBuilder("bad");
        String x = g.input("x", 1, 1, "H", "W");
        String s = g.input("s", 4);
        String cond = g.op("Greater", "cond", List.of(g.op("ReduceSum", "sum", List.of(s)), g.scalar(0f)));
        GraphBuilder then = g.branch("then");
        String t = then.op("Resize", "resize_in_branch", List.of(x, "", s), stringAttr("mode", "linear"));
        then.output(t);
        GraphBuilder otherwise = g.branch("else");
        String e = otherwise.op("Identity", "pass", List.of(x));
        otherwise.output(e);
        g.claim("y");
        g.node("If", "if", List.of(cond), new String[] {"y"}, graphAttr("then_branch", then.build()),
                graphAttr("else_branch", otherwise.build()));
        g.output("y");
        List<String> p = TensorRtCompatibility.problems(wrap(g));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("resize_in_branch") && p.get(0).contains("'then'"), p.get(0));
    }

    private static ModelProto wrap(GraphBuilder g) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(8).setGraph(g.build());
        m.addOpsetImportBuilder().setDomain("").setVersion(17);
        return m.build();
    }

    private static List<String> names(List<ValueInfoProto> v) {
        return v.stream().map(ValueInfoProto::getName).toList();
    }

    /** [1, channels, ?, ?] with symbolic spatial dims (named {@code h}, {@code w} when given). */
    private static void assertDims(ValueInfoProto v, int channels, String h, String w) {
        TensorShapeProto s = v.getType().getTensorType().getShape();
        assertEquals(1, v.getType().getTensorType().getElemType(), v.getName() + " is float32");
        assertEquals(4, s.getDimCount(), v.getName());
        assertEquals(1, s.getDim(0).getDimValue(), v.getName() + " batch");
        assertEquals(channels, s.getDim(1).getDimValue(), v.getName() + " channels");
        for (int i = 2; i < 4; i++) {
            assertTrue(s.getDim(i).hasDimParam() && !s.getDim(i).getDimParam().isEmpty(),
                    v.getName() + " dim " + i + " must be symbolic");
            assertFalse(s.getDim(i).hasDimValue(), v.getName() + " dim " + i);
        }
        if (h != null) {
            assertEquals(h, s.getDim(2).getDimParam());
            assertEquals(w, s.getDim(3).getDimParam());
        }
    }
}
