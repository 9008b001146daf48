package org.facemat.train.rvm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.facemat.media.exr.Half;
import org.facemat.net.weights.Tensor;

/**
 * Reads a TensorFlow.js graph model ({@code model.json} plus its {@code .bin} shards): its weights, dequantised the
 * way tfjs-core does ({@code float32(q * scale + min)} with the multiply-add in double for uint8; float16 widened
 * exactly to float32), its int32 constants (shapes, paddings) and its graph nodes. bool constants are skipped over.
 */
public final class TfjsGraphModel {
    private final Path jsonFile;
    private final Map<String, Tensor> floats;
    private final Map<String, int[]> ints;
    private final Map<String, TfjsNode> nodes;

    private TfjsGraphModel(Path jsonFile, Map<String, Tensor> floats, Map<String, int[]> ints,
                           Map<String, TfjsNode> nodes) {
        this.jsonFile = jsonFile;
        this.floats = floats;
        this.ints = ints;
        this.nodes = nodes;
    }

    public Path file() {
        return jsonFile;
    }

    /** Float tensors by their full TFJS node name, shapes as stored (TF layout). */
    public Map<String, Tensor> floatTensors() {
        return floats;
    }

    /** int32 constants by node name, flattened in row-major order (reshape targets, paddings). */
    public Map<String, int[]> intTensors() {
        return ints;
    }

    /** The graph's nodes by name, in file order. */
    public Map<String, TfjsNode> nodes() {
        return nodes;
    }

    public static TfjsGraphModel read(Path jsonFile) throws RvmImportException {
        if (!Files.isRegularFile(jsonFile)) {
            throw new RvmImportException(jsonFile + ": no such file");
        }
        JsonObject root;
        try (Reader r = Files.newBufferedReader(jsonFile, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(r);
            if (!e.isJsonObject()) {
                throw new RvmImportException(jsonFile + ": not a TensorFlow.js model (the JSON is not an object)");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException ex) {
            throw new RvmImportException(jsonFile + ": not a TensorFlow.js model (invalid JSON: " + firstLine(ex) + ")");
        } catch (IOException ex) {
            throw new RvmImportException(jsonFile + ": cannot read (" + ex.getMessage() + ")", ex);
        }
        if (!root.has("weightsManifest") || !root.get("weightsManifest").isJsonArray()) {
            throw new RvmImportException(jsonFile + ": not a TensorFlow.js model (no weightsManifest)");
        }
        if (root.has("format") && !"graph-model".equals(root.get("format").getAsString())) {
            throw new RvmImportException(jsonFile + ": a TensorFlow.js '" + root.get("format").getAsString()
                    + "', not a graph-model");
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, int[]> ints = new LinkedHashMap<>();
        Path dir = jsonFile.toAbsolutePath().getParent();
        for (JsonElement groupEl : root.getAsJsonArray("weightsManifest")) {
            JsonObject group = groupEl.getAsJsonObject();
            ByteBuffer bytes = readShards(jsonFile, dir, group.getAsJsonArray("paths"));
            readGroup(jsonFile, group.getAsJsonArray("weights"), bytes, out, ints);
        }
        return new TfjsGraphModel(jsonFile, out, ints, readNodes(jsonFile, root));
    }

    private static Map<String, TfjsNode> readNodes(Path jsonFile, JsonObject root) throws RvmImportException {
        Map<String, TfjsNode> nodes = new LinkedHashMap<>();
        if (!root.has("modelTopology") || !root.get("modelTopology").isJsonObject()) {
            return nodes;
        }
        JsonObject topology = root.getAsJsonObject("modelTopology");
        if (!topology.has("node")) {
            return nodes;
        }
        try {
            for (JsonElement el : topology.getAsJsonArray("node")) {
                JsonObject n = el.getAsJsonObject();
                java.util.List<String> inputs = new java.util.ArrayList<>();
                if (n.has("input")) {
                    n.getAsJsonArray("input").forEach(i -> inputs.add(i.getAsString()));
                }
                JsonObject attr = n.has("attr") ? n.getAsJsonObject("attr") : new JsonObject();
                String name = n.get("name").getAsString();
                nodes.put(name, new TfjsNode(name, n.get("op").getAsString(), inputs, attr));
            }
        } catch (RuntimeException ex) {
            throw new RvmImportException(jsonFile + ": malformed graph node (" + firstLine(ex) + ")");
        }
        return nodes;
    }

    private static ByteBuffer readShards(Path jsonFile, Path dir, JsonArray paths) throws RvmImportException {
        try {
            long total = 0;
            Path[] files = new Path[paths.size()];
            for (int i = 0; i < files.length; i++) {
                files[i] = dir.resolve(paths.get(i).getAsString());
                if (!Files.isRegularFile(files[i])) {
                    throw new RvmImportException(jsonFile + ": weight file " + files[i].getFileName()
                            + " named in the manifest is missing (expected beside the model JSON)");
                }
                total += Files.size(files[i]);
            }
            ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
            for (Path f : files) {
                buf.put(Files.readAllBytes(f));
            }
            buf.flip();
            return buf;
        } catch (IOException ex) {
            throw new RvmImportException(jsonFile + ": cannot read weight file (" + ex.getMessage() + ")", ex);
        }
    }

    private static void readGroup(Path jsonFile, JsonArray weights, ByteBuffer bytes, Map<String, Tensor> out,
                                  Map<String, int[]> ints) throws RvmImportException {
        long needed = 0;
        for (JsonElement el : weights) {
            needed += byteSize(jsonFile, el.getAsJsonObject());
        }
        if (needed != bytes.remaining()) {
            throw new RvmImportException(jsonFile + ": weight data is " + bytes.remaining() + " bytes but the manifest needs "
                    + needed + (needed > bytes.remaining() ? " (truncated .bin file?)" : " (wrong .bin file?)"));
        }
        for (JsonElement el : weights) {
            JsonObject w = el.getAsJsonObject();
            String name = w.get("name").getAsString();
            long[] shape = shape(w);
            int count = Math.toIntExact(elements(shape));
            String dtype = w.get("dtype").getAsString();
            if (w.has("quantization")) {
                JsonObject q = w.getAsJsonObject("quantization");
                String qType = q.get("dtype").getAsString();
                if ("float16".equals(qType)) {
                    float[] v = new float[count];
                    for (int i = 0; i < count; i++) {
                        v[i] = Half.toFloat(bytes.getShort()); // exact: every half is a float
                    }
                    if ("float32".equals(dtype)) {
                        out.put(name, new Tensor(shape, v));
                    }
                    continue;
                }
                if (!"uint8".equals(qType)) {
                    throw new RvmImportException(jsonFile + ": tensor " + name + " uses " + qType
                            + " quantisation; only uint8 and float16 are supported");
                }
                double scale = q.get("scale").getAsDouble();
                double min = q.get("min").getAsDouble();
                float[] v = new float[count];
                for (int i = 0; i < count; i++) {
                    int b = bytes.get() & 0xff;
                    v[i] = (float) (b * scale + min); // double arithmetic, as tfjs-core does in JS numbers
                }
                if ("float32".equals(dtype)) {
                    out.put(name, new Tensor(shape, v));
                }
            } else if ("float32".equals(dtype)) {
                float[] v = new float[count];
                bytes.asFloatBuffer().get(v);
                bytes.position(bytes.position() + 4 * count);
                out.put(name, new Tensor(shape, v));
            } else if ("int32".equals(dtype)) {
                int[] v = new int[count];
                bytes.asIntBuffer().get(v);
                bytes.position(bytes.position() + 4 * count);
                ints.put(name, v);
            } else {
                bytes.position(bytes.position() + (int) byteSize(jsonFile, w));
            }
        }
    }

    private static long byteSize(Path jsonFile, JsonObject w) throws RvmImportException {
        long n = elements(shape(w));
        if (w.has("quantization")) {
            String qType = w.getAsJsonObject("quantization").get("dtype").getAsString();
            return n * ("uint8".equals(qType) ? 1 : 2);
        }
        String dtype = w.get("dtype").getAsString();
        switch (dtype) {
            case "float32":
            case "int32":
                return 4 * n;
            case "bool":
                return n;
            default:
                throw new RvmImportException(jsonFile + ": tensor " + w.get("name").getAsString()
                        + " has unsupported dtype " + dtype);
        }
    }

    private static long[] shape(JsonObject w) {
        JsonArray s = w.getAsJsonArray("shape");
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).getAsLong();
        }
        return shape;
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    private static String firstLine(Exception ex) {
        String m = String.valueOf(ex.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
