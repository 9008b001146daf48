package org.facemat.model;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of a model file made on its parsed ONNX protobuf, before ONNX Runtime is given it: what a model declares is
 * input, and ONNX Runtime would otherwise act on it (read a weight file it names) or fail on it later. The ONNX
 * protobuf classes already on the plugin's class path read every field needed here ({@code metadata_props}, the
 * declared input and output types, and each tensor's {@code data_location} and {@code external_data}), so no file
 * format is parsed by hand.
 */
final class ModelFileChecks {
    /** How deep subgraphs (If, Loop, Scan bodies) are followed when looking for tensors with external data. */
    private static final int MAX_GRAPH_DEPTH = 16;

    private ModelFileChecks() {
    }

    /** The model's {@code metadata_props} as a map; a key given twice is refused (which one would count?). */
    static Map<String, String> metadata(Path file, OnnxMl.ModelProto model) throws ModelLoadException {
        Map<String, String> meta = new LinkedHashMap<>();
        for (OnnxMl.StringStringEntryProto p : model.getMetadataPropsList()) {
            if (meta.put(p.getKey(), p.getValue()) != null) {
                throw new ModelLoadException(file + ": metadata " + ModelContract.quote(p.getKey())
                        + " is given twice");
            }
        }
        return meta;
    }

    /**
     * The declared types of the contract's inputs and outputs: float32 of shape [1, C, H, W] with the contract's C,
     * batch 1 (or symbolic) and H and W symbolic, since they follow the frame. A tensor the graph does not declare is
     * left to the check of names that follows.
     */
    static void declaredShapes(Path file, OnnxMl.GraphProto graph) throws ModelLoadException {
        Map<String, OnnxMl.ValueInfoProto> inputs = byName(graph.getInputList());
        Map<String, OnnxMl.ValueInfoProto> outputs = byName(graph.getOutputList());
        check(file, "input", inputs.get(ModelContract.SRC), 3);
        check(file, "input", inputs.get(ModelContract.SRC_SMALL), 3);
        check(file, "input", inputs.get(ModelContract.PRIOR), 1); // optional: checked when declared
        for (int i = 0; i < 4; i++) {
            check(file, "input", inputs.get(ModelContract.STATE_INPUTS.get(i)), ModelContract.STATE_CHANNELS[i]);
            check(file, "output", outputs.get(ModelContract.STATE_OUTPUTS.get(i)), ModelContract.STATE_CHANNELS[i]);
        }
        check(file, "output", outputs.get(ModelContract.ALPHA), 1);
        check(file, "output", outputs.get(ModelContract.UNCERTAINTY), 1);
    }

    private static Map<String, OnnxMl.ValueInfoProto> byName(List<OnnxMl.ValueInfoProto> list) {
        Map<String, OnnxMl.ValueInfoProto> m = new LinkedHashMap<>();
        for (OnnxMl.ValueInfoProto v : list) {
            m.putIfAbsent(v.getName(), v);
        }
        return m;
    }

    private static void check(Path file, String what, OnnxMl.ValueInfoProto v, int channels)
            throws ModelLoadException {
        if (v == null) {
            return;
        }
        String name = what + " " + v.getName();
        String needs = ", the contract needs float32 [1," + channels + ",H,W] with H and W dynamic";
        if (!v.hasType() || !v.getType().hasTensorType()) {
            throw new ModelLoadException(file + ": " + name + " is not declared as a tensor" + needs);
        }
        OnnxMl.TypeProto.Tensor t = v.getType().getTensorType();
        if (t.getElemType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
            throw new ModelLoadException(file + ": " + name + " is declared with element type " + t.getElemType()
                    + needs);
        }
        if (!t.hasShape()) {
            throw new ModelLoadException(file + ": " + name + " has no declared shape" + needs);
        }
        List<OnnxMl.TensorShapeProto.Dimension> dims = t.getShape().getDimList();
        boolean ok = dims.size() == 4
                && (!dims.get(0).hasDimValue() || dims.get(0).getDimValue() == 1)
                && dims.get(1).hasDimValue() && dims.get(1).getDimValue() == channels
                && !dims.get(2).hasDimValue() && !dims.get(3).hasDimValue();
        if (!ok) {
            throw new ModelLoadException(file + ": " + name + " is declared " + describe(dims) + needs);
        }
    }

    private static String describe(List<OnnxMl.TensorShapeProto.Dimension> dims) {
        List<String> s = new ArrayList<>();
        for (OnnxMl.TensorShapeProto.Dimension d : dims) {
            s.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.hasDimParam()
                    ? ModelContract.quote(d.getDimParam()) : "?");
        }
        return "[" + String.join(",", s) + "]";
    }

    /**
     * Tensors whose data is in another file ({@code data_location} EXTERNAL): each must name a {@code location}
     * inside the model's folder (relative, no {@code ..} leading out, no link leading out), and its
     * {@code offset} and {@code length}, when given, must be whole numbers. Looks at the initializers, sparse
     * initializers, tensor attributes of nodes and the graphs nested in nodes and local functions.
     *
     * @return whether any tensor keeps its data outside the model file
     */
    static boolean externalData(Path file, OnnxMl.ModelProto model) throws ModelLoadException {
        Path folder = file.toAbsolutePath().normalize().getParent();
        boolean any = graph(file, folder, model.getGraph(), 0);
        for (OnnxMl.FunctionProto f : model.getFunctionsList()) {
            any |= nodes(file, folder, f.getNodeList(), 0);
        }
        return any;
    }

    private static boolean graph(Path file, Path folder, OnnxMl.GraphProto g, int depth) throws ModelLoadException {
        if (depth > MAX_GRAPH_DEPTH) {
            throw new ModelLoadException(file + ": subgraphs nested more than " + MAX_GRAPH_DEPTH + " deep");
        }
        boolean any = false;
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            any |= tensor(file, folder, t);
        }
        for (OnnxMl.SparseTensorProto s : g.getSparseInitializerList()) {
            any |= tensor(file, folder, s.getValues());
            any |= tensor(file, folder, s.getIndices());
        }
        return nodes(file, folder, g.getNodeList(), depth) | any;
    }

    private static boolean nodes(Path file, Path folder, List<OnnxMl.NodeProto> nodes, int depth)
            throws ModelLoadException {
        boolean any = false;
        for (OnnxMl.NodeProto n : nodes) {
            for (OnnxMl.AttributeProto a : n.getAttributeList()) {
                if (a.hasT()) {
                    any |= tensor(file, folder, a.getT());
                }
                for (OnnxMl.TensorProto t : a.getTensorsList()) {
                    any |= tensor(file, folder, t);
                }
                if (a.hasSparseTensor()) {
                    any |= tensor(file, folder, a.getSparseTensor().getValues());
                    any |= tensor(file, folder, a.getSparseTensor().getIndices());
                }
                if (a.hasG()) {
                    any |= graph(file, folder, a.getG(), depth + 1);
                }
                for (OnnxMl.GraphProto sub : a.getGraphsList()) {
                    any |= graph(file, folder, sub, depth + 1);
                }
            }
        }
        return any;
    }

    private static boolean tensor(Path file, Path folder, OnnxMl.TensorProto t) throws ModelLoadException {
        if (t.getDataLocation() != OnnxMl.TensorProto.DataLocation.EXTERNAL) {
            return false;
        }
        String name = "tensor " + ModelContract.quote(t.getName());
        String location = null;
        for (OnnxMl.StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset", "length" -> {
                    if (!e.getValue().matches("[0-9]{1,18}")) {
                        throw new ModelLoadException(file + ": " + name + ": external data " + e.getKey() + " "
                                + ModelContract.quote(e.getValue()) + " is not a whole number");
                    }
                }
                default -> {
                    // "checksum" and keys of later ONNX versions: nothing is read from them here
                }
            }
        }
        if (location == null || location.isEmpty()) {
            throw new ModelLoadException(file + ": " + name + " keeps its data in another file but names none");
        }
        String shown = ModelContract.quote(location);
        Path rel;
        try {
            rel = Path.of(location);
        } catch (InvalidPathException e) {
            throw new ModelLoadException(file + ": " + name + ": external data location " + shown
                    + " is not a file path");
        }
        if (rel.isAbsolute() || location.startsWith("/") || location.startsWith("\\")
                || location.matches("^[A-Za-z]:.*")) {
            throw new ModelLoadException(file + ": " + name + ": external data location " + shown
                    + " is absolute; it must be a file in the model's folder " + folder);
        }
        Path target = folder.resolve(rel).normalize();
        if (!target.startsWith(folder) || target.equals(folder)) {
            throw new ModelLoadException(file + ": " + name + ": external data location " + shown
                    + " leads out of the model's folder " + folder);
        }
        if (Files.exists(target)) {
            try {
                if (!target.toRealPath().startsWith(folder.toRealPath())) {
                    throw new ModelLoadException(file + ": " + name + ": external data location " + shown
                            + " is a link out of the model's folder " + folder);
                }
            } catch (IOException e) {
                throw new ModelLoadException(file + ": " + name + ": external data location " + shown
                        + " cannot be read (" + e.getMessage() + ")");
            }
        }
        return true;
    }
}
