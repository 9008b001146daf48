package org.facemat.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facemat.testing.Fuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model file is checked before it is used: metadata values, declared shapes, external-data locations. */
class ModelFileChecksTest {
    static final Path SHIPPED = Path.of("src/main/resources/models/facemat-init.onnx");

    @TempDir
    Path dir;

    static OnnxMl.ModelProto shipped() throws IOException {
        return OnnxMl.ModelProto.parseFrom(Files.readAllBytes(SHIPPED));
    }

    private Path write(String name, OnnxMl.ModelProto m) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, m.toByteArray());
        return f;
    }

    static OnnxMl.ModelProto withMetadata(OnnxMl.ModelProto m, String key, String value) {
        OnnxMl.ModelProto.Builder b = m.toBuilder().clearMetadataProps();
        for (OnnxMl.StringStringEntryProto p : m.getMetadataPropsList()) {
            b.addMetadataProps(p.getKey().equals(key) ? p.toBuilder().setValue(value).build() : p);
        }
        return b.build();
    }

    private String refused(Path f) {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> FaceMatModel.open(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage().substring((f + ": ").length());
    }

    @Test
    void aRatioTableThatDoesNotParseIsRefusedAtLoad() throws IOException {
        Path f = write("abc.onnx", withMetadata(shipped(), ModelContract.META_RATIOS, "<=512:abc"));
        assertEquals("metadata 'facemat.downsample_ratios' = '<=512:abc': ratio 'abc' in '<=512:abc' is not a number",
                refused(f));
        Path g = write("gap.onnx", withMetadata(shipped(), ModelContract.META_RATIOS, "<=512:1.0"));
        assertEquals("metadata 'facemat.downsample_ratios' = '<=512:1.0': no rule for sizes above 512 (end the "
                + "table with >512:ratio)", refused(g));
        Path h = write("nl.onnx", withMetadata(shipped(), ModelContract.META_RATIOS, "<=512:1.0\n>512:x"));
        assertEquals("metadata 'facemat.downsample_ratios' = '<=512:1.0\\n>512:x': ratio '1.0\\n>512:x' in "
                + "'<=512:1.0\\n>512:x' is not a number", refused(h));
    }

    @Test
    void otherMetadataProblemsAreOneLine() throws IOException {
        Path f = write("v2.onnx", withMetadata(shipped(), ModelContract.META_CONTRACT, "2"));
        assertEquals("metadata 'facemat.contract' = '2': this build reads contract version 1", refused(f));
        Path g = write("blank.onnx", withMetadata(shipped(), ModelContract.META_NAME, " "));
        assertEquals("metadata 'facemat.model_name' is empty", refused(g));
        OnnxMl.ModelProto m = shipped();
        Path h = write("dup.onnx", m.toBuilder().addMetadataProps(m.getMetadataProps(0)).build());
        assertEquals("metadata '" + m.getMetadataProps(0).getKey() + "' is given twice", refused(h));
        OnnxMl.ModelProto.Builder b = m.toBuilder().clearMetadataProps();
        m.getMetadataPropsList().stream().filter(p -> !p.getKey().equals(ModelContract.META_RATIOS))
                .forEach(b::addMetadataProps);
        Path i = write("none.onnx", b.build());
        assertEquals("metadata 'facemat.downsample_ratios' is missing (not a FaceMat model?)", refused(i));
    }

    private static OnnxMl.ModelProto withDim(OnnxMl.ModelProto m, boolean input, String name, int axis, long value) {
        OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
        List<OnnxMl.ValueInfoProto.Builder> list = input ? g.getInputBuilderList() : g.getOutputBuilderList();
        for (OnnxMl.ValueInfoProto.Builder v : list) {
            if (v.getName().equals(name)) {
                v.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder().getDimBuilder(axis).clear()
                        .setDimValue(value);
            }
        }
        return m.toBuilder().setGraph(g).build();
    }

    @Test
    void absurdDeclaredShapesAreRefused() throws IOException {
        Path f = write("big.onnx", withDim(shipped(), true, ModelContract.SRC, 2, 99_999_999_999L));
        assertEquals("input src is declared [1,3,99999999999,'width'], the contract needs float32 [1,3,H,W] with H "
                + "and W dynamic", refused(f).replaceAll("'[^']*'\\]", "'width']"));
        Path g = write("ch.onnx", withDim(shipped(), false, ModelContract.ALPHA, 1, 7));
        assertTrue(refused(g).startsWith("output alpha is declared [1,7,"), refused(g));
        Path h = write("batch.onnx", withDim(shipped(), true, "r3i", 0, -5));
        assertTrue(refused(h).startsWith("input r3i is declared [-5,40,"), refused(h));
    }

    /** The first initializer with raw data, its data moved out of the model to {@code location}. */
    private static OnnxMl.ModelProto external(OnnxMl.ModelProto m, String location, Path writeTo) throws IOException {
        OnnxMl.GraphProto.Builder g = m.getGraph().toBuilder();
        for (OnnxMl.TensorProto.Builder t : g.getInitializerBuilderList()) {
            if (t.getRawData().size() > 64) {
                ByteString raw = t.getRawData();
                if (writeTo != null) {
                    Files.write(writeTo, raw.toByteArray());
                }
                t.clearRawData().setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                        .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("location")
                                .setValue(location))
                        .addExternalData(OnnxMl.StringStringEntryProto.newBuilder().setKey("length")
                                .setValue(Integer.toString(raw.size())));
                return m.toBuilder().setGraph(g).build();
            }
        }
        throw new AssertionError("no initializer with raw data");
    }

    @Test
    void externalDataOutsideTheModelsFolderIsRefusedBeforeOnnxRuntimeOpensIt() throws Exception {
        Path models = Files.createDirectory(dir.resolve("models"));
        Path up = models.resolve("up.onnx");
        Files.write(up, external(shipped(), "../secret.bin", null).toByteArray());
        String m = refused(up);
        assertTrue(m.matches("tensor '.*': external data location '\\.\\./secret\\.bin' leads out of the model's "
                + "folder .*"), m);
        Path abs = models.resolve("abs.onnx");
        Files.write(abs, external(shipped(), "/etc/hostname", null).toByteArray());
        assertTrue(refused(abs).contains("external data location '/etc/hostname' is absolute"), refused(abs));
        Path deep = models.resolve("deep.onnx");
        Files.write(deep, external(shipped(), "sub/../../x.bin", null).toByteArray());
        assertTrue(refused(deep).contains("leads out of the model's folder"), refused(deep));
        Path link = models.resolve("link.bin");
        Files.createSymbolicLink(link, Path.of("/etc/hostname"));
        Path linked = models.resolve("linked.onnx");
        Files.write(linked, external(shipped(), "link.bin", null).toByteArray());
        assertTrue(refused(linked).contains("is a link out of the model's folder"), refused(linked));
        Files.delete(link);

        // data in a file beside the model: found there, wherever the process runs
        Path beside = models.resolve("beside.onnx");
        Files.write(beside, external(shipped(), "weights.bin", models.resolve("weights.bin")).toByteArray());
        try (FaceMatModel model = FaceMatModel.open(beside)) {
            assertEquals(0.25f, model.recommendedRatio(1080, 1920));
        }
    }

    /** Mutations of the shipped metadata: each map passes the check or fails as one ModelLoadException line. */
    @Test
    void metadataFuzz() throws IOException {
        Fuzz fuzz = new Fuzz("model-metadata", 10000);
        Map<String, String> base = new LinkedHashMap<>();
        for (OnnxMl.StringStringEntryProto p : shipped().getMetadataPropsList()) {
            base.put(p.getKey(), p.getValue());
        }
        Path file = dir.resolve("fuzz.onnx");
        Fuzz ratios = new Fuzz("downsample-ratios", 10000);
        for (int i = 0; i < fuzz.cases(); i++) {
            Map<String, String> meta = new LinkedHashMap<>(base);
            List<String> keys = new ArrayList<>(meta.keySet());
            int edits = 1 + fuzz.random().nextInt(3);
            for (int e = 0; e < edits; e++) {
                String k = fuzz.random().nextInt(3) == 0 ? keys.get(fuzz.random().nextInt(keys.size()))
                        : ModelContract.META_RATIOS;
                switch (fuzz.random().nextInt(5)) {
                    case 0 -> meta.remove(k);
                    case 1 -> meta.put(k, fuzz.randomText(fuzz.random().nextInt(20)));
                    case 2 -> meta.put(k, ratioValue(fuzz));
                    default -> meta.put(k, mutateRatios(fuzz, meta.getOrDefault(k, DownsampleRatios.DEFAULT)));
                }
            }
            String shown = meta.toString();
            fuzz.check(i, shown, s -> {
                DownsampleRatios r = ModelContract.checkMetadata(file, meta);
                check(r);
            }, ModelLoadException.class, List.of(file.toString()));
            String spec = mutateRatios(ratios, DownsampleRatios.DEFAULT);
            ratios.check(i, spec, s -> check(DownsampleRatios.parse(s)), IllegalArgumentException.class, List.of());
        }
        String a = fuzz.report();
        String b = ratios.report();
        assertTrue(fuzz.rejected() > 0 && fuzz.loaded() > 0, a);
        assertTrue(ratios.rejected() > 0 && ratios.loaded() > 0, b);
    }

    /** A loaded table gives a ratio in (0, 1] for any size. */
    private static void check(DownsampleRatios r) {
        for (int side : new int[] {1, 511, 512, 513, 1080, 1920, 4096, 4097, Integer.MAX_VALUE}) {
            float x = r.forSize(side, 1);
            if (!(x > 0 && x <= 1)) {
                throw new AssertionError("ratio " + x + " for size " + side);
            }
        }
    }

    private static String ratioValue(Fuzz f) {
        String[] v = {"0", "1", "1.0", "0.5", "NaN", "Infinity", "-0.5", "1e-45", "0x1p-2", "1f", "2", "abc", "",
            " ", "1e400", ".5", "5.", "1e-3", "0.0625"};
        String[] bounds = {"512", "0", "-1", "2147483647", "2147483648", "99999999999", "abc", "", " 7 ", "+5"};
        return switch (f.random().nextInt(3)) {
            case 0 -> "<=" + bounds[f.random().nextInt(bounds.length)] + ":" + v[f.random().nextInt(v.length)]
                    + ",>" + bounds[f.random().nextInt(bounds.length)] + ":" + v[f.random().nextInt(v.length)];
            case 1 -> ">0:" + v[f.random().nextInt(v.length)];
            default -> v[f.random().nextInt(v.length)];
        };
    }

    /** Edits of a ratio table: rules deleted, doubled, swapped, numbers replaced, text edits. */
    private static String mutateRatios(Fuzz f, String spec) {
        List<String> rules = new ArrayList<>(List.of(spec.split(",", -1)));
        int edits = 1 + f.random().nextInt(3);
        for (int e = 0; e < edits && !rules.isEmpty(); e++) {
            int i = f.random().nextInt(rules.size());
            switch (f.random().nextInt(7)) {
                case 0 -> rules.remove(i);
                case 1 -> rules.add(f.random().nextInt(rules.size() + 1), rules.get(i));
                case 2 -> rules.set(i, rules.get(i).replaceFirst("[0-9.]+$", ratioValue(f).replaceAll("[<>=,]", "")));
                case 3 -> rules.set(i, rules.get(i).replaceFirst("[0-9]+", new String[] {"0", "-3", "2147483648",
                    "1e3", "x", ""}[f.random().nextInt(6)]));
                case 4 -> rules.set(i, rules.get(i).replace("<=", f.random().nextBoolean() ? ">" : "<"));
                case 5 -> rules.set(i, f.mutateText(rules.get(i)));
                default -> rules.set(i, " " + rules.get(i).toUpperCase(java.util.Locale.ROOT) + " ");
            }
        }
        return String.join(",", rules);
    }

    /** The shipped model with an extra (unused) input {@code prior} declared with {@code elemType} and {@code dims}. */
    static OnnxMl.ModelProto withPriorInput(int elemType, Object... dims) throws IOException {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String p) {
                shape.addDimBuilder().setDimParam(p);
            } else {
                shape.addDimBuilder().setDimValue(((Number) d).longValue());
            }
        }
        OnnxMl.ValueInfoProto prior = OnnxMl.ValueInfoProto.newBuilder().setName(ModelContract.PRIOR)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(elemType).setShape(shape))).build();
        OnnxMl.ModelProto m = shipped();
        return m.toBuilder().setGraph(m.getGraph().toBuilder().addInput(prior)).build();
    }

    @Test
    void theLandmarkPriorIsOptionalAndCheckedWhenDeclared() throws Exception {
        int f32 = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
        try (FaceMatModel without = FaceMatModel.open(SHIPPED)) {
            assertFalse(without.takesPrior());
        }
        Path ok = write("prior.onnx", withPriorInput(f32, 1, 1, "H", "W"));
        try (FaceMatModel with = FaceMatModel.open(ok)) {
            assertTrue(with.takesPrior());
            // the input is unused in this file: with or without a prior plane the outputs are those of the model
            int h = 32;
            int w = 48;
            float[] src = new float[3 * h * w];
            java.util.Arrays.fill(src, 0.5f);
            float[] prior = new float[h * w];
            MattePlanes a = with.run(src, prior, h, w, 1f, RecurrentState.zeros(h, w));
            MattePlanes b = with.run(src, null, h, w, 1f, RecurrentState.zeros(h, w));
            assertArrayEquals(a.alpha(), b.alpha());
            assertThrows(IllegalArgumentException.class,
                    () -> with.run(src, new float[7], h, w, 1f, RecurrentState.zeros(h, w)));
        }
        Path three = write("prior3.onnx", withPriorInput(f32, 1, 3, "H", "W"));
        assertEquals("input prior is declared [1,3,'H','W'], the contract needs float32 [1,1,H,W] with H and W "
                + "dynamic", refused(three));
        Path fixed = write("prior-fixed.onnx", withPriorInput(f32, 1, 1, 256, 256));
        assertTrue(refused(fixed).startsWith("input prior is declared [1,1,256,256]"), refused(fixed));
        Path half = write("prior16.onnx", withPriorInput(OnnxMl.TensorProto.DataType.FLOAT16_VALUE, 1, 1, "H",
                "W"));
        assertTrue(refused(half).startsWith("input prior is declared with element type 10"), refused(half));
    }
}
