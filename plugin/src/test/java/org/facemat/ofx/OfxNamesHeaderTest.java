package org.facemat.ofx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The C shim and the Java side name clips, parameters, choices and bridge actions from one list: the header
 * {@code plugin/native/facemat_params.h}. Every name there must be the Java constant's value, and every Java parameter
 * name must be in the header.
 */
class OfxNamesHeaderTest {
    private static Map<String, String> header() throws Exception {
        String text = Files.readString(Path.of("native/facemat_params.h"));
        Map<String, String> m = new LinkedHashMap<>();
        Matcher def = Pattern.compile("#define (FM_\\w+) (\"[^\"]*\"|\\d+)").matcher(text);
        while (def.find()) {
            m.put(def.group(1), def.group(2).replace("\"", ""));
        }
        Matcher en = Pattern.compile("(FM_BRIDGE_\\w+) = (\\d+)").matcher(text);
        while (en.find()) {
            m.put(en.group(1), en.group(2));
        }
        return m;
    }

    @Test
    void headerAndJavaAgree() throws Exception {
        Map<String, String> h = header();
        Map<String, String> java = new LinkedHashMap<>();
        java.put("FM_CLIP_SOURCE", OfxNames.CLIP_SOURCE);
        java.put("FM_CLIP_OUTPUT", OfxNames.CLIP_OUTPUT);
        java.put("FM_CLIP_MASK", OfxNames.CLIP_MASK);
        java.put("FM_PARAM_OUTPUT_MODE", OfxNames.PARAM_OUTPUT_MODE);
        java.put("FM_PARAM_INVERT", OfxNames.PARAM_INVERT);
        java.put("FM_PARAM_AUTO_RATIO", OfxNames.PARAM_AUTO_RATIO);
        java.put("FM_PARAM_RATIO", OfxNames.PARAM_RATIO);
        java.put("FM_PARAM_DEVICE", OfxNames.PARAM_DEVICE);
        java.put("FM_PARAM_MODEL_FILE", OfxNames.PARAM_MODEL_FILE);
        java.put("FM_PARAM_PREROLL", OfxNames.PARAM_PREROLL);
        java.put("FM_PARAM_FACES", OfxNames.PARAM_FACES);
        java.put("FM_PARAM_COLOR_SPACE", OfxNames.PARAM_COLOR_SPACE);
        java.put("FM_PARAM_FRAME_RATE", OfxNames.PARAM_FRAME_RATE);
        java.put("FM_MAX_PREROLL", Integer.toString(EffectParams.MAX_PREROLL));
        java.put("FM_FAILED_STRIPE", Integer.toString(OfxNames.FAILED_STRIPE));
        for (org.facemat.media.ColorSpace c : org.facemat.media.ColorSpace.values()) {
            java.put("FM_COLOR_" + c.name(), Integer.toString(c.ordinal()));
        }
        java.put("FM_MODE_MATTE_IN_ALPHA", Integer.toString(OutputMode.MATTE_IN_ALPHA.ordinal()));
        java.put("FM_MODE_UNCERTAINTY", Integer.toString(OutputMode.UNCERTAINTY.ordinal()));
        java.put("FM_MODE_ALPHA_ONLY", Integer.toString(OutputMode.ALPHA_ONLY.ordinal()));
        java.put("FM_BRIDGE_CREATE_INSTANCE", Integer.toString(OfxBridge.CREATE_INSTANCE));
        java.put("FM_BRIDGE_DESTROY_INSTANCE", Integer.toString(OfxBridge.DESTROY_INSTANCE));
        java.put("FM_BRIDGE_RENDER", Integer.toString(OfxBridge.RENDER));
        java.put("FM_BRIDGE_BEGIN_SEQUENCE", Integer.toString(OfxBridge.BEGIN_SEQUENCE));
        java.put("FM_BRIDGE_END_SEQUENCE", Integer.toString(OfxBridge.END_SEQUENCE));
        java.put("FM_BRIDGE_INSTANCE_CHANGED", Integer.toString(OfxBridge.INSTANCE_CHANGED));
        java.put("FM_BRIDGE_PURGE_CACHES", Integer.toString(OfxBridge.PURGE_CACHES));
        for (Map.Entry<String, String> e : java.entrySet()) {
            assertEquals(e.getValue(), h.get(e.getKey()), e.getKey() + " in facemat_params.h");
        }
        // nothing in the header that the Java side does not name (besides the plug-in's id and version and defaults)
        for (String k : h.keySet()) {
            assertTrue(java.containsKey(k) || k.startsWith("FM_PLUGIN_") || k.startsWith("FM_DEFAULT_"),
                    k + " is in the header but not checked against the Java side");
        }
        // every Java parameter name is one the header declares
        for (java.lang.reflect.Field f : OfxNames.class.getDeclaredFields()) {
            if (f.getName().startsWith("PARAM_") || f.getName().matches("CLIP_(SOURCE|OUTPUT|MASK)")) {
                f.setAccessible(true);
                assertTrue(h.containsValue((String) f.get(null)), f.getName() + " is not in facemat_params.h");
            }
        }
    }
}
