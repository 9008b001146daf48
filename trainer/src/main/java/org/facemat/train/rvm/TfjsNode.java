package org.facemat.train.rvm;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One node of a TensorFlow.js graph model as the JSON stores it: op, inputs and the TensorFlow {@code AttrValue}s
 * (strings base64-encoded, integers as decimal strings, as protobuf's JSON mapping writes them).
 */
public record TfjsNode(String name, String op, List<String> inputs, JsonObject attr) {
    public TfjsNode {
        inputs = List.copyOf(inputs);
    }

    /** A string attribute ({@code padding}, {@code data_format}), or {@code fallback} when absent. */
    public String string(String key, String fallback) {
        JsonObject a = attr.has(key) ? attr.getAsJsonObject(key) : null;
        if (a == null || !a.has("s")) {
            return fallback;
        }
        return new String(Base64.getDecoder().decode(a.get("s").getAsString()), StandardCharsets.UTF_8);
    }

    /** An integer-list attribute ({@code strides}, {@code ksize}, {@code dilations}), empty when absent. */
    public long[] ints(String key) {
        JsonArray list = list(key, "i");
        long[] v = new long[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i).getAsLong();
        }
        return v;
    }

    /** A string-list attribute ({@code fused_ops}), empty when absent. */
    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : list(key, "s")) {
            out.add(new String(Base64.getDecoder().decode(e.getAsString()), StandardCharsets.UTF_8));
        }
        return out;
    }

    private JsonArray list(String key, String kind) {
        if (!attr.has(key)) {
            return new JsonArray();
        }
        JsonObject a = attr.getAsJsonObject(key);
        if (!a.has("list") || !a.getAsJsonObject("list").has(kind)) {
            return new JsonArray();
        }
        return a.getAsJsonObject("list").getAsJsonArray(kind);
    }
}
