package org.facemat.train.synth;

import org.facemat.metrics.Trimap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.facemat.image.Bilinear;
import org.facemat.image.Plane;
import org.facemat.image.Planar;
import org.facemat.train.data.FaceBox;
import org.facemat.train.data.FaceSample;
import org.facemat.train.data.FaceSource;
import org.facemat.train.data.Occluder;
import org.facemat.train.data.OccluderSource;
import org.facemat.train.data.TextureSource;
import org.facemat.train.data.Textures;

/**
 * On-the-fly synthesis of occluded face sequences (the CelebAMat recipe, see docs/training-data.md).
 *
 * <p>Sample {@code i} with seed {@code s} depends only on (s, i): every random draw comes from one
 * {@link SplittableRandom} seeded from them, in a fixed order, so it is the same on every run and in any thread.
 * Thread-safe (the readers are).
 */
public final class Synthesizer implements SampleSource {
    private final SynthPool pool;
    private final OccluderSource occluders;
    private final TextureSource textures;
    private final SynthConfig cfg;
    private final long seed;
    private final SkinPatchSheet skinPatches;

    /**
     * @param pool      what may be drawn: face items, and indices into {@code occluders} and {@code textures}
     * @param textures  null when there are none
     */
    public Synthesizer(SynthPool pool, OccluderSource occluders, TextureSource textures, SynthConfig cfg, long seed) {
        this(pool, occluders, textures, cfg, seed, null);
    }

    /**
     * @param skinPatches the skin patch sheet (its training or held-out part) hands and forearms may take their skin
     *                    from besides other people's faces; null: faces only
     */
    Synthesizer(SynthPool pool, OccluderSource occluders, TextureSource textures, SynthConfig cfg, long seed,
            SkinPatchSheet skinPatches) {
        this.pool = pool;
        this.occluders = occluders;
        this.textures = textures;
        this.cfg = cfg;
        this.seed = seed;
        this.skinPatches = skinPatches;
    }

    public SynthConfig config() {
        return cfg;
    }

    public long seed() {
        return seed;
    }

    SynthPool poolForTests() {
        return pool;
    }

    /** The random stream of sample {@code index}. */
    static SplittableRandom rngFor(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        return new SplittableRandom(z);
    }

    /** Every random decision of one sample, drawn in a fixed order. */
    record Plan(int faces, int start, double cropScale, double shiftX, double shiftY, double[] stillDx,
            double[] stillDy, boolean occluded, boolean texture, int occ, boolean occFlip, float[] tint,
            double theta, double radius, double angleJitter, double area, double[] dx, double[] dy, double[] dAngle,
            double[] dScale, boolean hflip, boolean jitter, double bright, double contrast, double sat, boolean gray,
            boolean sharpen, boolean blur, boolean noise, double noiseSigma, long texSeed, long noiseSeed,
            HandsHairGlasses extras, TrainingPrior prior, IdentityVariation look) {
    }

    Plan plan(long index) {
        SplittableRandom r = rngFor(seed, index);
        int n = cfg.seqLen();
        int fi = r.nextInt(pool.faces().size());
        int[] starts = pool.faces().get(fi).starts();
        int start = starts[r.nextInt(starts.length)];
        double cropScale = r.nextDouble(cfg.cropScaleMin(), cfg.cropScaleMax());
        double sx = r.nextDouble(-cfg.cropShift(), cfg.cropShift());
        double sy = r.nextDouble(-cfg.cropShift(), cfg.cropShift());
        double[] stillDx = new double[n];
        double[] stillDy = new double[n];
        for (int t = 1; t < n; t++) {
            stillDx[t] = stillDx[t - 1] + r.nextGaussian() * 0.006;
            stillDy[t] = stillDy[t - 1] + r.nextGaussian() * 0.006;
        }
        boolean occluded = r.nextDouble() < cfg.occlusionProb();
        boolean texture = textures != null && pool.textures().length > 0 && r.nextDouble() < cfg.textureProb();
        int occ = texture ? pool.textures()[r.nextInt(pool.textures().length)]
                : pool.occluders()[r.nextInt(pool.occluders().length)];
        boolean occFlip = r.nextBoolean();
        float[] tint = {(float) r.nextDouble(0.1, 1), (float) r.nextDouble(0.1, 1), (float) r.nextDouble(0.1, 1)};
        double theta = r.nextDouble(0, 2 * Math.PI);
        double radius = r.nextDouble(0.6, 1.0);
        double angleJitter = Math.toRadians(r.nextGaussian() * 15);
        double area = r.nextDouble(cfg.areaMin(), cfg.areaMax());
        double[] dx = new double[n];
        double[] dy = new double[n];
        double[] da = new double[n];
        double[] ds = new double[n];
        for (int t = 1; t < n; t++) {
            boolean pause = r.nextDouble() < cfg.pauseProb();
            double gx = r.nextGaussian();
            double gy = r.nextGaussian();
            double ga = r.nextGaussian();
            double gs = r.nextGaussian();
            if (!pause) {
                dx[t] = gx * cfg.driftShift();
                dy[t] = gy * cfg.driftShift();
                da[t] = Math.toRadians(ga * cfg.driftAngleDeg());
                ds[t] = gs * cfg.driftScale();
            }
        }
        boolean aug = cfg.augment();
        boolean hflip = aug && r.nextDouble() < SynthConfig.P_HFLIP;
        boolean jitter = aug && r.nextDouble() < SynthConfig.P_JITTER;
        double bright = r.nextDouble(0.7, 1.3);
        double contrast = r.nextDouble(0.7, 1.3);
        double sat = r.nextDouble(0.7, 1.3);
        boolean gray = aug && r.nextDouble() < SynthConfig.P_GRAY;
        boolean sharpen = aug && r.nextDouble() < SynthConfig.P_SHARPEN;
        boolean blur = aug && r.nextDouble() < SynthConfig.P_BLUR;
        boolean noise = aug && r.nextDouble() < SynthConfig.P_NOISE;
        double sigma = r.nextDouble(0.01, 0.05);
        long texSeed = r.nextLong();
        long noiseSeed = r.nextLong();
        // hands, hair and glasses draw from a stream of their own, after every older draw: with their probabilities
        // at 0 a sample is exactly what it was before they existed
        HandsHairGlasses extras = HandsHairGlasses.draw(cfg, pool.faces(), fi, start, n,
                new SplittableRandom(r.nextLong()));
        // the prior after that, from its own stream too
        TrainingPrior prior = TrainingPrior.draw(cfg.priorJitter(), cfg.priorDropout(), n,
                new SplittableRandom(r.nextLong()));
        // then another person and another camera (null at strength 0)
        IdentityVariation look = IdentityVariation.draw(cfg.variation(), new SplittableRandom(r.nextLong()));
        return new Plan(fi, start, cropScale, sx, sy, stillDx, stillDy, occluded, texture, occ, occFlip, tint, theta,
                radius, angleJitter, area, dx, dy, da, ds, hflip, jitter, bright, contrast, sat, gray, sharpen, blur,
                noise, sigma, texSeed, noiseSeed, extras, prior, look);
    }

    /** Whether sample {@code index} gets any occluder: an object, a hand, a forearm, hair or glasses (no pixels). */
    public boolean isOccluded(long index) {
        Plan p = plan(index);
        return p.occluded() || p.extras() != null;
    }

    /** Synthesizes sample {@code index}. */
    @Override
    public Sample sample(long index) throws IOException {
        Plan p = plan(index);
        int n = cfg.seqLen();
        int size = cfg.size();
        int area = size * size;
        SynthPool.Faces faces = pool.faces().get(p.faces());
        FaceSource src = faces.source();
        List<FaceSample> run;
        String sourceName;
        if (src.isClip()) {
            run = src.readRun(p.start(), n);
            sourceName = src.name() + "#" + src.itemName(p.start())
                    + (n > 1 ? ".." + src.itemName(p.start() + n - 1) : "");
        } else {
            FaceSample one = src.read(p.start());
            run = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                run.add(one);
            }
            sourceName = src.name() + "/" + src.itemName(p.start());
        }
        // the crop: a square around the first frame's face box
        FaceBox box = run.get(0).box();
        double side = Math.max(box.w(), box.h()) * p.cropScale();
        double cx = box.centerX() + p.shiftX() * side;
        double cy = box.centerY() + p.shiftY() * side;
        // keep the crop inside the picture where it fits (edge-clamped padding would smear the border)
        int iw = run.get(0).width();
        int ih = run.get(0).height();
        side = Math.min(side, Math.min(iw, ih));
        cx = Math.max(side / 2, Math.min(iw - side / 2, cx));
        cy = Math.max(side / 2, Math.min(ih - side / 2, cy));
        float[][] faceRgb = new float[n][];
        float[][] skin = new float[n][];
        for (int t = 0; t < n; t++) {
            FaceSample f = run.get(t);
            double ox = src.isClip() ? 0 : p.stillDx()[t] * side;
            double oy = src.isClip() ? 0 : p.stillDy()[t] * side;
            if (t > 0 && run.get(t) == run.get(t - 1) && ox == 0 && oy == 0) {
                faceRgb[t] = faceRgb[t - 1].clone();
                skin[t] = skin[t - 1].clone();
                continue;
            }
            faceRgb[t] = Planar.squareCrop(f.rgb(), 3, f.width(), f.height(), cx + ox, cy + oy, side, size);
            skin[t] = Planar.squareCrop(f.skin(), 1, f.width(), f.height(), cx + ox, cy + oy, side, size);
        }
        if (p.look() != null) {
            // another face shape and tone before anything is put in front of it; the box is the warp's anchor
            int[] b = skinBox(skin[0], size);
            if (b != null) {
                p.look().warp(faceRgb, skin, size, b[0], b[1], b[2] + 1, b[3] + 1);
            }
            p.look().recolour(faceRgb, skin[0], size);
        }
        // where the label ends, when the prior is to say so (TrainingPrior.couple)
        p.prior().couple(skin, size);
        // skin bounding box in frame 0 (skin > 0.5)
        int[] box0 = skinBox(skin[0], size);
        int bx0 = box0 == null ? size : box0[0];
        int by0 = box0 == null ? size : box0[1];
        int bx1 = box0 == null ? -1 : box0[2];
        int by1 = box0 == null ? -1 : box0[3];
        double skinBoxArea = bx1 < 0 ? 0 : (double) (bx1 - bx0 + 1) * (by1 - by0 + 1);
        float[][] alpha = new float[n][area];
        float[][] premul = new float[n][3 * area];
        String occName = null;
        boolean capped = false;
        if (p.occluded() && skinBoxArea > 0) {
            Occluder o = p.texture() ? textureOccluder(p) : occluders.load(p.occ());
            occName = p.texture() ? "texture:" + o.name() : o.name();
            capped = paste(p, o, skinBoxArea, (bx0 + bx1 + 1) / 2.0, (by0 + by1 + 1) / 2.0, (bx1 - bx0 + 1) / 2.0,
                    (by1 - by0 + 1) / 2.0, alpha, premul);
        }
        if (p.extras() != null && skinBoxArea > 0) {
            FaceBox[] boxes = new FaceBox[n];
            for (int t = 0; t < n; t++) {
                double ox = src.isClip() ? 0 : p.stillDx()[t] * side;
                double oy = src.isClip() ? 0 : p.stillDy()[t] * side;
                boxes[t] = cropBox(run.get(t).box(), cx + ox, cy + oy, side, size);
            }
            String extra = pasteHandsHairGlasses(p.extras(), boxes, faceRgb[0], skin[0], (bx0 + bx1 + 1) / 2.0,
                    (by0 + by1 + 1) / 2.0, (bx1 - bx0 + 1) / 2.0, (by1 - by0 + 1) / 2.0, alpha, premul);
            occName = occName == null ? extra : occName + "+" + extra;
        }
        float[][] rgb = new float[n][3 * area];
        float[][] gt = new float[n][area];
        for (int t = 0; t < n; t++) {
            float[] a = alpha[t];
            for (int c = 0; c < 3; c++) {
                int o = c * area;
                for (int i = 0; i < area; i++) {
                    rgb[t][o + i] = premul[t][o + i] + faceRgb[t][o + i] * (1f - a[i]);
                }
            }
            for (int i = 0; i < area; i++) {
                gt[t][i] = skin[t][i] * (1f - a[i]);
            }
        }
        if (p.look() != null) {
            p.look().camera(rgb, size);
        }
        augment(p, rgb);
        if (p.hflip()) {
            for (int t = 0; t < n; t++) {
                Planar.hflip(rgb[t], 3, size, size);
                Planar.hflip(gt[t], 1, size, size);
                Planar.hflip(alpha[t], 1, size, size);
                Planar.hflip(skin[t], 1, size, size);
            }
        }
        float[][] trimap = new float[n][];
        for (int t = 0; t < n; t++) {
            trimap[t] = trimap(gt[t], size);
        }
        boolean object = p.occluded() && skinBoxArea > 0;
        return new Sample(index, size, rgb, gt, trimap, alpha, skin, sourceName, occName,
                object ? p.area() : Double.NaN, skinBoxArea, capped, p.prior().planes(skin, size));
    }

    /** The box of {@code skin > 0.5} as x0, y0, x1, y1 (inclusive), or null when there is none. */
    static int[] skinBox(float[] skin, int size) {
        return new Plane(size, size, skin).boundsAbove(0.5f);
    }

    /**
     * The trimap as the losses use it: 0 background, 1 foreground, 0.5 in the unknown band, which is the one band
     * definition of the project ({@link Trimap#unknownBand}: 0.05 &lt;= gt &lt;= 0.95, dilated twice by a 15x15
     * ellipse), shared with evaluation.
     */
    public static float[] trimap(float[] gt, int size) {
        boolean[] band = Trimap.unknownBand(gt, size, size);
        float[] out = new float[gt.length];
        for (int i = 0; i < gt.length; i++) {
            out[i] = band[i] ? 0.5f : (gt[i] > 0.95f ? 1f : 0f);
        }
        return out;
    }

    /** A face box of the source picture in the pixels of the crop of side {@code side} centred at (cx, cy). */
    static FaceBox cropBox(FaceBox b, double cx, double cy, double side, int size) {
        double k = size / side;
        return new FaceBox((b.x() - (cx - side / 2)) * k, (b.y() - (cy - side / 2)) * k, b.w() * k, b.h() * k);
    }

    /**
     * Puts glasses and hair (following each frame's face box), then forearm and hand (around the skin box of frame 0)
     * in front of what is already in (alpha, premul). Returns the names of what was pasted.
     */
    private String pasteHandsHairGlasses(HandsHairGlasses h, FaceBox[] boxes, float[] face0, float[] skin0,
            double fcx, double fcy, double rx, double ry, float[][] alpha, float[][] premul) throws IOException {
        int size = cfg.size();
        SkinSwatch swatch = null;
        SkinLook.Paint paint = null;
        if (h.look() != null) {
            swatch = skinSwatch(h.look());
            paint = h.look().paint(swatch, 2 * rx, meanSkinLuma(face0, skin0, size), size);
        }
        for (int t = 0; t < alpha.length; t++) {
            Layer worn = new Layer(size);
            h.renderWorn(worn, boxes[t]);
            worn.over(alpha[t], premul[t]);
            if (paint != null) {
                h.renderSkin(t, size, fcx, fcy, rx, ry, paint).over(alpha[t], premul[t]);
            }
        }
        return HandsHairGlasses.describe(h, swatch);
    }

    /** The piece of skin a look asks for: another person's cheek or forehead, else the patch sheet, else a flat tone. */
    private SkinSwatch skinSwatch(SkinLook look) throws IOException {
        if (!look.donor().fromSheet()) {
            SkinSwatch s = SkinDonors.cutFromFace(pool.faces().get(look.donor().faces()).source(), look.donor().item());
            if (s != null) {
                return s;
            }
        }
        if (skinPatches != null) {
            return skinPatches.smoothest(look.sheetU(), look.sheetV());
        }
        return SkinSwatch.flat(look.sheetU()[0]);
    }

    /** Mean luma of the face where the skin label is above one half (NaN when there is none). */
    static double meanSkinLuma(float[] rgb, float[] skin, int size) {
        int area = size * size;
        double s = 0;
        int n = 0;
        for (int i = 0; i < area; i++) {
            if (skin[i] > 0.5f) {
                s += 0.299 * rgb[i] + 0.587 * rgb[area + i] + 0.114 * rgb[2 * area + i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** A texture patch cut with a random soft ellipse ("Rand" occluders). */
    private Occluder textureOccluder(Plan p) throws IOException {
        Textures.Texture tex = textures.load(p.occ());
        SplittableRandom r = new SplittableRandom(p.texSeed());
        int side = Math.min(128, Math.min(tex.width(), tex.height()));
        int x0 = r.nextInt(tex.width() - side + 1);
        int y0 = r.nextInt(tex.height() - side + 1);
        int n = side * side;
        float[] rgb = Planar.window(tex.rgb(), 3, tex.width(), tex.height(), x0, y0, side, side, false);
        double ax = side / 2.0 * r.nextDouble(0.55, 0.95);
        double ay = side / 2.0 * r.nextDouble(0.55, 0.95);
        double psi = r.nextDouble(0, Math.PI);
        double edge = r.nextDouble(1, 4);
        double cs = Math.cos(psi);
        double sn = Math.sin(psi);
        float[] a = new float[n];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double u = x + 0.5 - side / 2.0;
                double v = y + 0.5 - side / 2.0;
                double ru = (cs * u + sn * v) / ax;
                double rv = (-sn * u + cs * v) / ay;
                double d = (1 - Math.sqrt(ru * ru + rv * rv)) * Math.min(ax, ay);
                a[y * side + x] = (float) Math.max(0, Math.min(1, 0.5 + d / edge));
            }
        }
        return new Occluder(tex.name(), side, side, rgb, a, false, false);
    }

    /**
     * Pastes the occluder into every frame: alpha mass = skin box area x p.area (support capped at 2x the skin box),
     * centred near the skin box border at angle theta, its "up" axis turned toward the skin box centre, then
     * drifting frame by frame. Returns whether the size was capped.
     */
    private boolean paste(Plan p, Occluder o, double skinBoxArea, double fcx, double fcy, double rx, double ry,
            float[][] alpha, float[][] premul) {
        int ow = o.width();
        int oh = o.height();
        int on = ow * oh;
        // premultiplied RGBA planes, flipped and tinted
        float[] src = new float[4 * on];
        double mass = 0;
        int support = 0;
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int si = y * ow + (p.occFlip() ? ow - 1 - x : x);
                int di = y * ow + x;
                float a = o.alpha()[si];
                for (int c = 0; c < 3; c++) {
                    float v = o.rgb()[c * on + si];
                    if (o.tintable()) {
                        v *= p.tint()[c];
                    }
                    src[c * on + di] = v * a;
                }
                src[3 * on + di] = a;
                mass += a;
                if (a > 0.02f) {
                    support++;
                }
            }
        }
        if (mass <= 0) {
            return false;
        }
        double s = Math.sqrt(skinBoxArea * p.area() / mass);
        boolean capped = false;
        if (support * s * s > 2 * skinBoxArea) {
            s = Math.sqrt(2 * skinBoxArea / support);
            capped = true;
        }
        int pw = ow;
        int ph = oh;
        float[] prep = src;
        if (s < 1) {
            pw = Math.max(2, (int) Math.round(ow * s));
            ph = Math.max(2, (int) Math.round(oh * s));
            prep = Planar.areaResize(src, 4, ow, oh, pw, ph);
        }
        double zx = s * ow / pw;
        double zy = s * oh / ph;
        int size = cfg.size();
        double px = fcx + rx * p.radius() * Math.cos(p.theta());
        double py = fcy + ry * p.radius() * Math.sin(p.theta());
        double ang = Math.atan2(fcx - px, -(fcy - py)) + p.angleJitter();
        double zoom = 1;
        for (int t = 0; t < alpha.length; t++) {
            px += p.dx()[t] * size;
            py += p.dy()[t] * size;
            ang += p.dAngle()[t];
            zoom *= Math.exp(p.dScale()[t]);
            render(prep, pw, ph, px, py, ang, zx * zoom, zy * zoom, alpha[t], premul[t], size);
        }
        return capped;
    }

    private static void render(float[] prep, int pw, int ph, double px, double py, double ang, double zx, double zy,
            float[] alpha, float[] premul, int size) {
        double cs = Math.cos(ang);
        double sn = Math.sin(ang);
        double rad = 0.5 * Math.hypot(pw * zx, ph * zy) + 2;
        int x0 = Math.max(0, (int) Math.floor(px - rad));
        int x1 = Math.min(size - 1, (int) Math.ceil(px + rad));
        int y0 = Math.max(0, (int) Math.floor(py - rad));
        int y1 = Math.min(size - 1, (int) Math.ceil(py + rad));
        int area = size * size;
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double vx = x + 0.5 - px;
                double vy = y + 0.5 - py;
                double u = (cs * vx + sn * vy) / zx + pw / 2.0;
                double v = (-sn * vx + cs * vy) / zy + ph / 2.0;
                if (u < -1 || v < -1 || u > pw + 1 || v > ph + 1) {
                    continue;
                }
                float a = Bilinear.mixZero(prep, 3 * pw * ph, pw, ph, u - 0.5, v - 0.5);
                if (a <= 0) {
                    continue;
                }
                a = Math.min(1f, a);
                int i = y * size + x;
                alpha[i] = a;
                for (int c = 0; c < 3; c++) {
                    float sample = Bilinear.mixZero(prep, c * pw * ph, pw, ph, u - 0.5, v - 0.5);
                    premul[c * area + i] = Math.min(a, Math.max(0f, sample));
                }
            }
        }
    }

    /** Photometric augmentations with the same parameters on every frame (noise drawn per pixel and frame). */
    private void augment(Plan p, float[][] rgb) {
        int size = cfg.size();
        int area = size * size;
        SplittableRandom noise = new SplittableRandom(p.noiseSeed());
        for (int t = 0; t < rgb.length; t++) {
            float[] im = rgb[t];
            if (p.jitter()) {
                double mean = 0;
                for (int i = 0; i < area; i++) {
                    mean += 0.299 * im[i] + 0.587 * im[area + i] + 0.114 * im[2 * area + i];
                }
                mean /= area;
                for (int i = 0; i < area; i++) {
                    float r = (float) (im[i] * p.bright());
                    float g = (float) (im[area + i] * p.bright());
                    float b = (float) (im[2 * area + i] * p.bright());
                    float l = 0.299f * r + 0.587f * g + 0.114f * b;
                    r = (float) (l + (r - l) * p.sat());
                    g = (float) (l + (g - l) * p.sat());
                    b = (float) (l + (b - l) * p.sat());
                    double m = mean * p.bright();
                    im[i] = (float) ((r - m) * p.contrast() + m);
                    im[area + i] = (float) ((g - m) * p.contrast() + m);
                    im[2 * area + i] = (float) ((b - m) * p.contrast() + m);
                }
            }
            if (p.gray()) {
                for (int i = 0; i < area; i++) {
                    float l = 0.299f * im[i] + 0.587f * im[area + i] + 0.114f * im[2 * area + i];
                    im[i] = l;
                    im[area + i] = l;
                    im[2 * area + i] = l;
                }
            }
            if (p.sharpen()) {
                float[] b = Planar.blur3(im, 3, size, size);
                for (int i = 0; i < im.length; i++) {
                    im[i] = im[i] + 0.7f * (im[i] - b[i]);
                }
            }
            if (p.blur()) {
                float[] b = Planar.blur3(Planar.blur3(im, 3, size, size), 3, size, size);
                System.arraycopy(b, 0, im, 0, im.length);
            }
            if (p.noise()) {
                for (int i = 0; i < im.length; i++) {
                    im[i] += (float) (noise.nextGaussian() * p.noiseSigma());
                }
            }
            for (int i = 0; i < im.length; i++) {
                im[i] = Math.max(0f, Math.min(1f, im[i]));
            }
        }
    }
}
