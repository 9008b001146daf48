package org.facemat.model;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of the ONNX graph itself that a session cannot show: the opset, and that no Resize takes a scale
 * computed at run time (TensorRT cannot build such a Resize; RVM's own ONNX export fails there). A Resize may
 * have constant scales, or sizes derived only from tensor shapes. Subgraphs (If branches) are walked too.
 */
public final class GraphCheck {
    /** Ops through which a value still counts as "derived from shapes". */
    private static final Set<String> SHAPE_OPS = Set.of("Shape", "Slice", "Gather", "Concat", "Constant", "Cast",
            "Unsqueeze", "Squeeze", "Identity", "Reshape");

    private GraphCheck() {
    }

    /** The default-domain opset the model imports, or -1. */
    public static long opset(OnnxMl.ModelProto model) {
        for (OnnxMl.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        return -1;
    }

    /** Problems found, one sentence each; empty when the graph is fine. */
    public static List<String> resizeProblems(OnnxMl.GraphProto graph) {
        List<String> problems = new ArrayList<>();
        walk(graph, new HashSet<>(), new HashMap<>(), problems);
        return problems;
    }

    private static void walk(OnnxMl.GraphProto g, Set<String> outerConstants, Map<String, OnnxMl.NodeProto> outerProducers,
                             List<String> problems) {
        Set<String> constants = new HashSet<>(outerConstants);
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            constants.add(t.getName());
        }
        Map<String, OnnxMl.NodeProto> producers = new HashMap<>(outerProducers);
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            for (String o : n.getOutputList()) {
                producers.put(o, n);
            }
            if (n.getOpType().equals("Constant")) {
                constants.addAll(n.getOutputList());
            }
        }
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Resize")) {
                String what = "Resize node '" + n.getName() + "'";
                if (n.getInputCount() > 2 && !n.getInput(2).isEmpty() && !constants.contains(n.getInput(2))) {
                    problems.add(what + " takes its scales from the computed tensor '" + n.getInput(2) + "'");
                }
                if (n.getInputCount() > 3 && !n.getInput(3).isEmpty()
                        && !shapeDerived(n.getInput(3), constants, producers, new HashSet<>())) {
                    problems.add(what + " takes its sizes from '" + n.getInput(3) + "', which is not derived from shapes");
                }
            }
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    walk(a.getG(), constants, producers, problems);
                }
                for (OnnxMl.GraphProto sub : a.getGraphsList()) {
                    walk(sub, constants, producers, problems);
                }
            }
        }
    }

    private static boolean shapeDerived(String tensor, Set<String> constants, Map<String, OnnxMl.NodeProto> producers,
                                        Set<String> seen) {
        if (constants.contains(tensor) || !seen.add(tensor)) {
            return true;
        }
        OnnxMl.NodeProto p = producers.get(tensor);
        if (p == null || !SHAPE_OPS.contains(p.getOpType())) {
            return false; // a graph input or a data-path op
        }
        if (p.getOpType().equals("Shape")) {
            return true; // whatever feeds Shape, only its shape is used
        }
        for (String in : p.getInputList()) {
            if (!in.isEmpty() && !shapeDerived(in, constants, producers, seen)) {
                return false;
            }
        }
        return true;
    }
}
