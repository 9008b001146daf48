package org.facemat.train.loop;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.facemat.io.AtomicFile;
import org.facemat.model.file.ModelMetadata;
import org.facemat.net.onnx.FaceMatOnnxExporter;
import org.facemat.train.net.FaceMatNetwork;

/**
 * A checkpoint folder {@code step-NNNNNN}: {@code model.onnx} (the trained network, a model the renderer reads),
 * {@code teacher.onnx} in stage 2 (the EMA teacher), {@code optimizer.bin} and {@code state.json}. It is written as
 * a temporary folder of the product's one temporary-name rule ({@link AtomicFile.Folder}) and renamed when complete,
 * so a kill leaves either a whole checkpoint or none.
 */
record Checkpoint(Path folder, long step, JsonObject state) {
    static final String MODEL = "model.onnx";
    static final String TEACHER = "teacher.onnx";
    static final String OPTIMIZER = "optimizer.bin";
    static final String STATE = "state.json";

    Path model() {
        return folder.resolve(MODEL);
    }

    Path teacher() {
        return folder.resolve(TEACHER);
    }

    ResumableAdam loadOptimiser(ResumableAdam adam) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                Files.newInputStream(folder.resolve(OPTIMIZER)), 1 << 20))) {
            adam.load(in);
        }
        return adam;
    }

    /** The newest complete checkpoint under {@code root}, or null. */
    static Checkpoint latest(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return null;
        }
        List<Path> complete = complete(root);
        if (complete.isEmpty()) {
            return null;
        }
        Path f = complete.get(complete.size() - 1);
        JsonObject state;
        try {
            state = JsonParser.parseString(Files.readString(f.resolve(STATE), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(f.resolve(STATE) + ": not a checkpoint state (" + e.getMessage() + ")");
        }
        return new Checkpoint(f, state.get("step").getAsLong(), state);
    }

    private static List<Path> complete(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            List<Path> found = new ArrayList<>();
            s.filter(p -> p.getFileName().toString().matches("step-\\d{6,}"))
                    .filter(p -> Files.isRegularFile(p.resolve(STATE)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .forEach(found::add);
            return found;
        }
    }

    static void save(Path root, long step, FaceMatNetwork net, FaceMatNetwork teacher, ResumableAdam adam,
                     ModelMetadata metadata, double bestMse, long bestStep, int keep) throws IOException {
        Files.createDirectories(root);
        String name = String.format("step-%06d", step);
        AtomicFile.Folder.sweep(root); // what a killed run left
        AtomicFile.Folder folder = new AtomicFile.Folder(root.resolve(name));
        boolean done = false;
        try {
            Path partial = folder.temp();
            FaceMatOnnxExporter.export(net.exportWeights(), metadata, partial.resolve(MODEL));
            if (teacher != null) {
                FaceMatOnnxExporter.export(teacher.exportWeights(), metadata, partial.resolve(TEACHER));
            }
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(partial.resolve(OPTIMIZER)), 1 << 20))) {
                adam.save(out);
            }
            JsonObject state = new JsonObject();
            state.addProperty("step", step);
            state.addProperty("best_band_mse", bestMse);
            state.addProperty("best_step", bestStep);
            Files.writeString(partial.resolve(STATE), state + "\n", StandardCharsets.UTF_8);
            folder.commit();
            done = true;
        } finally {
            if (!done) {
                folder.abort();
            }
        }
        List<Path> all = complete(root);
        for (int i = 0; i < all.size() - keep; i++) {
            AtomicFile.Folder.deleteTree(all.get(i));
        }
    }
}
