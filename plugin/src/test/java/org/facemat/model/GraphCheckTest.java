package org.facemat.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphCheckTest {

    private static OnnxMl.NodeProto node(String op, String name, List<String> in, List<String> out) {
        return OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(in).addAllOutput(out).build();
    }

    private static OnnxMl.TensorProto floats(String name, float... v) {
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).addDims(v.length);
        for (float f : v) {
            t.addFloatData(f);
        }
        return t.build();
    }

    @Test
    void acceptsConstantScalesAndShapeDerivedSizes() {
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder()
                .addInitializer(floats("scales", 1, 1, 2, 2))
                .addInitializer(floats("a", 2))
                .addInitializer(floats("b", 4))
                .addNode(node("Resize", "up", List.of("x", "", "scales"), List.of("y")))
                .addNode(node("Shape", "s", List.of("src"), List.of("s_out")))
                .addNode(node("Slice", "hw", List.of("s_out", "a", "b"), List.of("hw")))
                .addNode(node("Shape", "s2", List.of("y"), List.of("nc")))
                .addNode(node("Concat", "sizes", List.of("nc", "hw"), List.of("sizes")))
                .addNode(node("Resize", "full", List.of("y", "", "", "sizes"), List.of("z")))
                .build();
        assertEquals(List.of(), GraphCheck.resizeProblems(g));
    }

    @Test
    void flagsARuntimeScaleAndDataDerivedSizes() {
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder()
                .addNode(node("Mul", "ratio_times", List.of("ratio", "two"), List.of("scales")))
                .addNode(node("Resize", "down", List.of("x", "", "scales"), List.of("y")))
                .addNode(node("Cast", "c", List.of("ratio"), List.of("sizes")))
                .addNode(node("Resize", "down2", List.of("x", "", "", "sizes"), List.of("z")))
                .build();
        List<String> p = GraphCheck.resizeProblems(g);
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).contains("'down'") && p.get(0).contains("scales"), p.get(0));
        assertTrue(p.get(1).contains("'down2'") && p.get(1).contains("not derived from shapes"), p.get(1));
    }

    @Test
    void walksIntoIfBranches() {
        OnnxMl.GraphProto branch = OnnxMl.GraphProto.newBuilder()
                .addNode(node("Div", "d", List.of("a", "b"), List.of("computed")))
                .addNode(node("Resize", "inner", List.of("x", "", "computed"), List.of("y")))
                .build();
        OnnxMl.NodeProto ifNode = OnnxMl.NodeProto.newBuilder().setOpType("If").setName("cond").addInput("c")
                .addOutput("y")
                .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("then_branch").setG(branch)
                        .setType(OnnxMl.AttributeProto.AttributeType.GRAPH))
                .build();
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().addNode(ifNode).build();
        List<String> p = GraphCheck.resizeProblems(g);
        assertEquals(1, p.size());
        assertTrue(p.get(0).contains("'inner'"));
    }
}
