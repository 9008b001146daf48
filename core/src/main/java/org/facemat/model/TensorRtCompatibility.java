package org.facemat.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the Resize nodes TensorRT cannot build an engine for, in the top graph and in every subgraph ({@code If}
 * branches, loop bodies). RVM's own ONNX export fails exactly there: its Resize scale is computed from the
 * downsample-ratio input. Allowed: {@code scales} (and {@code roi}) that are initializers or {@code Constant}
 * outputs; {@code sizes} computed only from tensor shapes, i.e. from {@code Shape}, constants and
 * {@code Slice/Gather/Concat/Cast/Squeeze/Unsqueeze} of those.
 */
public final class TensorRtCompatibility {
    private static final Set<String> SHAPE_PLUMBING = Set.of("Slice", "Gather", "Concat", "Cast", "Squeeze",
            "Unsqueeze");

    private TensorRtCompatibility() {
    }

    /** One line per offending Resize (or Upsample), empty when the model is fine. */
    public static List<String> problems(ModelProto model) {
        List<String> out = new ArrayList<>();
        walk(model.getGraph(), null, out);
        return out;
    }

    /** @throws IllegalStateException listing the problems, if any */
    public static void check(ModelProto model) {
        List<String> p = problems(model);
        if (!p.isEmpty()) {
            throw new IllegalStateException("model is not TensorRT-compatible:\n  " + String.join("\n  ", p));
        }
    }

    /** What produces each value of one graph; lookups fall back to the enclosing graph. */
    private static final class Scope {
        final Scope outer;
        final String graphName;
        final Set<String> constants = new HashSet<>();
        final Map<String, NodeProto> producers = new HashMap<>();

        Scope(Scope outer, GraphProto g) {
            this.outer = outer;
            this.graphName = g.getName();
            for (TensorProto t : g.getInitializerList()) {
                constants.add(t.getName());
            }
            for (NodeProto n : g.getNodeList()) {
                for (String o : n.getOutputList()) {
                    producers.put(o, n);
                }
            }
        }

        boolean isConstant(String v) {
            for (Scope s = this; s != null; s = s.outer) {
                if (s.producers.containsKey(v)) {
                    return s.producers.get(v).getOpType().equals("Constant");
                }
                if (s.constants.contains(v)) {
                    return true;
                }
            }
            return false;
        }

        NodeProto producer(String v) {
            for (Scope s = this; s != null; s = s.outer) {
                if (s.producers.containsKey(v)) {
                    return s.producers.get(v);
                }
                if (s.constants.contains(v)) {
                    return null;
                }
            }
            return null;
        }
    }

    private static void walk(GraphProto g, Scope outer, List<String> out) {
        Scope scope = new Scope(outer, g);
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Upsample")) {
                out.add(where(n, scope) + ": Upsample (deprecated, scale tensor) is not allowed; use Resize");
            } else if (n.getOpType().equals("Resize")) {
                checkResize(n, scope, out);
            }
            for (AttributeProto a : n.getAttributeList()) {
                if (a.hasG()) {
                    walk(a.getG(), scope, out);
                }
                for (GraphProto sub : a.getGraphsList()) {
                    walk(sub, scope, out);
                }
            }
        }
    }

    private static void checkResize(NodeProto n, Scope scope, List<String> out) {
        String roi = input(n, 1);
        String scales = input(n, 2);
        String sizes = input(n, 3);
        if (!roi.isEmpty() && !scope.isConstant(roi)) {
            out.add(where(n, scope) + ": roi '" + roi + "' is computed at run time" + producedBy(roi, scope));
        }
        if (!scales.isEmpty() && !scope.isConstant(scales)) {
            out.add(where(n, scope) + ": scales '" + scales + "' is not a constant" + producedBy(scales, scope));
        }
        if (!sizes.isEmpty()) {
            String bad = firstNonShapeSource(sizes, scope, new HashSet<>());
            if (bad != null) {
                out.add(where(n, scope) + ": sizes '" + sizes + "' does not derive only from tensor shapes: " + bad);
            }
        }
        if (scales.isEmpty() && sizes.isEmpty()) {
            out.add(where(n, scope) + ": neither scales nor sizes given");
        }
    }

    /** Null when {@code v} is computed from shapes and constants only, else a description of the first culprit. */
    private static String firstNonShapeSource(String v, Scope scope, Set<String> seen) {
        if (!seen.add(v) || scope.isConstant(v)) {
            return null;
        }
        NodeProto p = scope.producer(v);
        if (p == null) {
            return "'" + v + "' is a graph input";
        }
        if (p.getOpType().equals("Shape")) {
            return null;
        }
        if (!SHAPE_PLUMBING.contains(p.getOpType())) {
            return "'" + v + "' comes from " + p.getOpType() + " '" + p.getName() + "'";
        }
        for (String in : p.getInputList()) {
            if (!in.isEmpty()) {
                String bad = firstNonShapeSource(in, scope, seen);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    private static String input(NodeProto n, int i) {
        return i < n.getInputCount() ? n.getInput(i) : "";
    }

    private static String where(NodeProto n, Scope scope) {
        return n.getOpType() + " '" + n.getName() + "' in graph '" + scope.graphName + "'";
    }

    private static String producedBy(String v, Scope scope) {
        NodeProto p = scope.producer(v);
        return p == null ? " (a graph input)" : " (from " + p.getOpType() + " '" + p.getName() + "')";
    }
}
