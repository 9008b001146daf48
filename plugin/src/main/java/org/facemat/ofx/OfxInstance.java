package org.facemat.ofx;

import ai.onnxruntime.OrtException;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.facemat.model.EngineCache;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelLoadException;
import org.facemat.face.FaceTracker;
import org.facemat.media.Frame;
import org.facemat.node.AlignedMatting;
import org.facemat.node.MatteNode;

/**
 * One effect instance in the host: its parameters, its {@link MatteNode} (model session and recurrent state) and
 * the frame the state follows. Renders are serialised per instance (the plug-in is InstanceSafe); other actions
 * only raise {@link #resetPending}, so they never wait for a render.
 */
final class OfxInstance implements AutoCloseable {
    /** Intra-op threads of the network, as the command line's default. */
    static final int THREADS = 2;
    /** Logs each frame's time in the node on standard error, for measuring the plug-in's own cost around it. */
    private static final boolean TIMING = Boolean.getBoolean("facemat.ofx.timing");
    /** For tests of the failure path in real hosts: the node throws at this frame (-Dfacemat.ofx.faultFrame=N). */
    private static final long FAULT_FRAME = Long.getLong("facemat.ofx.faultFrame", Long.MIN_VALUE);

    private final HostSuites host;
    private final Pointer effect;
    private final EffectParams params;
    private final Pointer sourceClip;
    private final Pointer outputClip;
    private final Pointer maskClip;
    /** The next render must not carry the state over (a parameter, clip or cache change, a new batch render). */
    private final AtomicBoolean resetPending = new AtomicBoolean(true);
    private MatteNode node;
    private EffectSettings.Network nodeSettings;
    private float[] planar = new float[0];
    private float[] prerollPlanar = new float[0];
    private float[] row = new float[0];
    private float[] sourceRow = new float[0];
    private float[] maskRow = new float[0];
    private int lastHeight = -1;
    private int lastWidth = -1;
    /** The last frame's input and matte, for a host that asks for the same frame again. */
    private float[] lastInput;
    private MattePlanes lastPlanes;
    /** The bundle's models folder: the face models are found there. */
    private final Path shippedModels;

    OfxInstance(HostSuites host, Pointer effect, Path shippedModel) throws OfxFailure {
        this.shippedModels = shippedModel.toAbsolutePath().getParent();
        this.host = host;
        this.effect = effect;
        this.params = new EffectParams(host, effect, shippedModel);
        this.sourceClip = clip(OfxNames.CLIP_SOURCE, true);
        this.outputClip = clip(OfxNames.CLIP_OUTPUT, true);
        this.maskClip = clip(OfxNames.CLIP_MASK, false);
    }

    private Pointer clip(String name, boolean required) throws OfxFailure {
        PointerByReference out = new PointerByReference();
        if (host.effects.clipGetHandle.invoke(effect, name, out, null) != OfxStatus.OK || out.getValue() == null) {
            if (required) {
                throw new OfxFailure("the host has no '" + name + "' clip for the instance");
            }
            return null;
        }
        return out.getValue();
    }

    /** Forget the state before the next frame. */
    void requestReset() {
        resetPending.set(true);
    }

    synchronized void render(Props in) throws OfxFailure {
        double time = in.getDouble(OfxNames.TIME, 0, 0);
        long frame = Math.round(time);
        EffectSettings s = params.read(time);
        MatteNode n = node(s.network());
        try (HostImage src = HostImage.fetch(host, sourceClip, time)) {
            if (src == null) {
                throw new OfxFailure("the host gave no source image at frame " + frame);
            }
            int h = src.height();
            int w = src.width();
            boolean reset = resetPending.getAndSet(false);
            if (reset) {
                lastPlanes = null;
            }
            planar = planes(planar, h * w);
            Frame input = readFrame(src, frame, planar);
            MattePlanes m;
            if (lastPlanes != null && frame == n.lastFrame() && h == lastHeight && w == lastWidth
                    && Arrays.equals(lastInput, input.rgb())) {
                // the host asks for the frame it just had again (MLT does at the end of a render): the same matte,
                // not one from a state that has already seen this frame
                m = lastPlanes;
            } else {
                m = compute(n, input, time, frame, reset, s);
            }
            float[] mask = readMask(time, src);
            try (HostImage out = HostImage.fetch(host, outputClip, time)) {
                if (out == null) {
                    throw new OfxFailure("the host gave no output image at frame " + frame);
                }
                write(out, src, m, mask, s);
            }
        }
    }

    private MattePlanes compute(MatteNode n, Frame input, double time, long frame, boolean reset, EffectSettings s)
            throws OfxFailure {
        int h = input.height();
        int w = input.width();
        boolean nextFrame = n.lastFrame() == frame - 1;
        if (!reset && nextFrame && (h != lastHeight || w != lastWidth)) {
            // the state cannot carry over to another size: this frame fails, the next one starts again
            n.reset();
            lastPlanes = null;
            throw new OfxFailure("the source's size changed from " + lastWidth + "x" + lastHeight + " to " + w
                    + "x" + h + " at frame " + frame + " in the middle of the clip: the matte's recurrent state "
                    + "cannot carry over, so this frame fails; the following frames start again at the new size");
        }
        if (reset || !nextFrame) {
            // a jump (or a first frame): rebuild the state from the frames before, when the host gives them
            n.reset();
            lastPlanes = null;
            if (host.temporalAccess && s.preroll() > 0) {
                preroll(n, frame, s.preroll(), time - frame, h, w);
            }
        }
        MattePlanes m;
        try {
            if (FAULT_FRAME == frame) {
                throw new IllegalStateException("fault injected at frame " + frame + " (facemat.ofx.faultFrame)");
            }
            long t0 = System.nanoTime();
            m = n.process(input);
            if (TIMING) {
                System.err.printf("facemat-ofx-timing frame=%d node_ms=%.3f%n", frame, (System.nanoTime() - t0) / 1e6);
            }
        } catch (OrtException | RuntimeException e) {
            n.reset();
            lastPlanes = null;
            throw new OfxFailure("the network failed on frame " + frame + ": " + e.getMessage(), e);
        }
        lastHeight = h;
        lastWidth = w;
        lastInput = input.rgb().clone();
        lastPlanes = new MattePlanes(m.height(), m.width(), m.alpha().clone(), m.uncertainty().clone());
        return lastPlanes;
    }

    /**
     * Rebuilds the state after a jump as a render from {@code frame - count} would have it (as the command line's
     * --preroll does): the previous frames, from the start of the clip at the earliest, run with outputs dropped.
     */
    private void preroll(MatteNode n, long frame, int count, double fraction, int h, int w) throws OfxFailure {
        long first = Math.max(frame - count, clipFirstFrame());
        double[] size = sourceRegion(frame + fraction);
        for (long f = first; f < frame; f++) {
            if (host.effects.abort.invoke(effect) != 0) {
                n.reset();
                return;
            }
            if (size != null && !Arrays.equals(size, sourceRegion(f + fraction))) {
                // another size before (a host may hand such a frame cropped to the region asked for now)
                n.reset();
                continue;
            }
            try (HostImage img = HostImage.fetch(host, sourceClip, f + fraction)) {
                if (img == null || img.height() != h || img.width() != w) {
                    n.reset(); // a hole or a size change: the state starts again after it
                    continue;
                }
                prerollPlanar = planes(prerollPlanar, h * w);
                long t0 = System.nanoTime();
                n.process(readFrame(img, f, prerollPlanar));
                if (TIMING) {
                    System.err.printf("facemat-ofx-timing frame=%d node_ms=%.3f pre-roll for %d%n", f,
                            (System.nanoTime() - t0) / 1e6, frame);
                }
            } catch (OrtException | RuntimeException e) {
                n.reset();
                throw new OfxFailure("the network failed on pre-roll frame " + f + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * The host's frame rate (for smoothing face crops over time): the source clip's, else the effect's, else 24 (MLT
     * gives neither: the Frame rate parameter is there for it).
     */
    private double clipFrameRate() {
        PointerByReference props = new PointerByReference();
        if (host.effects.clipGetPropertySet.invoke(sourceClip, props) == OfxStatus.OK) {
            double[] rate = host.props(props.getValue()).getDoubles(OfxNames.FRAME_RATE, 1);
            if (rate != null && rate[0] > 0 && rate[0] < 10000) {
                return rate[0];
            }
        }
        double[] rate = host.effectProps(effect).getDoubles(OfxNames.FRAME_RATE, 1);
        if (rate != null && rate[0] > 0 && rate[0] < 10000) {
            return rate[0];
        }
        return 24;
    }

    /** The source's region of definition at {@code time} (x1, y1, x2, y2), or null when the host does not say. */
    private double[] sourceRegion(double time) {
        double[] rect = new double[4];
        return host.effects.clipGetRegionOfDefinition.invoke(sourceClip, time, rect) == OfxStatus.OK ? rect : null;
    }

    private long clipFirstFrame() {
        PointerByReference props = new PointerByReference();
        if (host.effects.clipGetPropertySet.invoke(sourceClip, props) != OfxStatus.OK) {
            return Long.MIN_VALUE;
        }
        double[] range = host.props(props.getValue()).getDoubles(OfxNames.FRAME_RANGE, 2);
        return range == null ? Long.MIN_VALUE : (long) Math.ceil(range[0]);
    }

    private MatteNode node(EffectSettings.Network s) throws OfxFailure {
        if (node != null && s.equals(nodeSettings)) {
            return node;
        }
        closeNode();
        FaceMatModel model;
        try {
            model = FaceMatModel.open(s.model(), s.device(), THREADS, EngineCache.defaultDir());
        } catch (ModelLoadException e) {
            throw new OfxFailure(e.getMessage(), e);
        }
        for (String note : model.provider().notes()) {
            if (s.device() != org.facemat.model.Device.AUTO) {
                System.err.println("FaceMat: warning: " + note + "; using " + model.provider().provider());
            }
        }
        try {
            node = new MatteNode(model, s.ratio(), s.faces() ? AlignedMatting.open(model, shippedModels,
                    FaceTracker.Settings.DEFAULT) : null, s.frameRate() > 0 ? s.frameRate() : clipFrameRate(), s.colorSpace());
        } catch (IllegalArgumentException | ModelLoadException e) {
            closeQuietly(model);
            throw new OfxFailure(e.getMessage(), e);
        }
        nodeSettings = s;
        return node;
    }

    /**
     * The source as a decoded frame for the node: planar RGB, top row first (OpenFX rows count from the bottom), the
     * host's values as they are (the node converts them from the input colour space, as the command line does).
     * Scene-linear when the host works scene-linear, which the "Auto" colour space resolves against.
     */
    private Frame readFrame(HostImage src, long number, float[] planar) {
        int h = src.height();
        int w = src.width();
        int area = h * w;
        float[] r = rowBuffer(w * src.components);
        int nc = src.components;
        for (int top = 0; top < h; top++) {
            src.readRow(src.y2 - 1 - top, r);
            int base = top * w;
            for (int x = 0, i = 0; x < w; x++, i += nc) {
                planar[base + x] = r[i];
                planar[area + base + x] = r[i + 1];
                planar[2 * area + base + x] = r[i + 2];
            }
        }
        return new Frame(number, w, h, planar, host.sceneLinearHost);
    }

    private static float[] planes(float[] buffer, int area) {
        return buffer.length == 3 * area ? buffer : new float[3 * area];
    }

    private float[] rowBuffer(int n) {
        if (row.length < n) {
            row = new float[n];
        }
        return row;
    }

    /** The Mask clip's alpha over the source's pixels (top row first), or null when no mask is connected. */
    private float[] readMask(double time, HostImage src) throws OfxFailure {
        if (maskClip == null) {
            return null;
        }
        PointerByReference props = new PointerByReference();
        if (host.effects.clipGetPropertySet.invoke(maskClip, props) != OfxStatus.OK
                || host.props(props.getValue()).getInt(OfxNames.CLIP_CONNECTED, 0, 0) == 0) {
            return null;
        }
        try (HostImage mask = HostImage.fetch(host, maskClip, time)) {
            if (mask == null) {
                return null;
            }
            int w = src.width();
            float[] out = new float[src.height() * w];
            if (maskRow.length < mask.width() * mask.components) {
                maskRow = new float[mask.width() * mask.components];
            }
            int channel = mask.components == 4 ? 3 : 0;
            for (int top = 0; top < src.height(); top++) {
                int y = src.y2 - 1 - top;
                if (!mask.containsRow(y)) {
                    continue;
                }
                mask.readRow(y, maskRow);
                for (int x = Math.max(src.x1, mask.x1); x < Math.min(src.x2, mask.x2); x++) {
                    out[top * w + x - src.x1] = HostImage.clamp01(maskRow[(x - mask.x1) * mask.components + channel]);
                }
            }
            return out;
        }
    }

    private void write(HostImage out, HostImage src, MattePlanes m, float[] mask, EffectSettings s) {
        int nc = out.components;
        float[] r = rowBuffer(out.width() * nc);
        if (sourceRow.length < src.width() * src.components) {
            sourceRow = new float[src.width() * src.components];
        }
        int w = src.width();
        for (int y = out.y1; y < out.y2; y++) {
            int top = src.y2 - 1 - y;
            boolean inRow = top >= 0 && top < src.height();
            if (inRow && s.mode() == OutputMode.MATTE_IN_ALPHA && nc == 4) {
                src.readRow(y, sourceRow);
            }
            for (int x = out.x1, i = 0; x < out.x2; x++, i += nc) {
                int sx = x - src.x1;
                boolean inside = inRow && sx >= 0 && sx < w;
                int p = top * w + sx;
                float a = inside ? m.alpha()[p] : 0f;
                if (s.invert()) {
                    a = 1f - a;
                }
                if (mask != null) {
                    a *= inside ? mask[p] : 0f;
                }
                switch (s.mode()) {
                    case UNCERTAINTY -> {
                        float u = inside ? m.uncertainty()[p] : 0f;
                        fill(r, i, nc, u, nc == 1 ? u : 1f);
                    }
                    case ALPHA_ONLY -> fill(r, i, nc, a, a);
                    default -> {
                        if (nc == 4) {
                            int si = sx * src.components;
                            r[i] = inside ? sourceRow[si] : 0f;
                            r[i + 1] = inside ? sourceRow[si + 1] : 0f;
                            r[i + 2] = inside ? sourceRow[si + 2] : 0f;
                            r[i + 3] = a;
                        } else {
                            fill(r, i, nc, a, a);
                        }
                    }
                }
            }
            out.writeRow(y, r);
        }
    }

    /** One pixel: grey {@code v} in the colour components, {@code alpha} in A (Alpha images: {@code alpha}). */
    private static void fill(float[] r, int i, int nc, float v, float alpha) {
        if (nc == 1) {
            r[i] = alpha;
            return;
        }
        r[i] = v;
        r[i + 1] = v;
        r[i + 2] = v;
        if (nc == 4) {
            r[i + 3] = alpha;
        }
    }

    private void closeNode() {
        if (node != null) {
            closeQuietly(node.model());
            node = null;
            nodeSettings = null;
        }
    }

    private static void closeQuietly(FaceMatModel m) {
        try {
            m.close();
        } catch (OrtException e) {
            System.err.println("FaceMat: closing the model: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closeNode();
    }
}
