package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.facemat.model.ModelContract;
import org.facemat.net.FaceMatArchitecture;
import org.facemat.net.FaceMatNet;
import org.facemat.net.Port;
import org.facemat.net.PriorInputs;
import org.facemat.net.UncertaintyHeadInit;
import org.facemat.net.weights.Tensor;
import org.facemat.net.weights.WeightSet;
import org.facemat.train.rvm.RvmImportException;
import org.facemat.train.rvm.RvmWeightImporter;

/**
 * The FaceMat network as a trainable DJL block: {@link FaceMatNet} (the network's one description, the variant with
 * the foreground colour) evaluated by the DJL backend ({@link NetworkBlock}), all NCHW.
 *
 * <p>Inputs: {@code src} [B,3,H,W] RGB in [0,1]; {@code src_sm} [B,3,h,w], the working image (equal to {@code src}
 * at ratio 1, else made by {@link org.facemat.image.HalfPixelBilinear}); optionally the states r1..r4
 * ({@link ModelContract#stateShape}), absent or null for the first frame (zeros); last, for a network that takes the
 * landmark prior ({@link #takesPrior}; at the stem, and in the decoder too when {@link #priorInputs} says so),
 * optionally {@code prior_sm} [B,1,h,w], the prior at the working size (made
 * like {@code src_sm}; absent means {@link ModelContract#PRIOR_UNKNOWN} everywhere). Outputs, in this order: alpha
 * [B,1,H,W], sigma [B,1,H,W], r1o..r4o, fgr [B,3,H,W]. {@link #run} also returns the pre-refiner intermediates.
 *
 * <p>Parameters carry RVM's PyTorch names ({@link FaceMatArchitecture#parameterShapes}); {@link #loadWeights} and
 * {@link #exportWeights} exchange them as a {@link WeightSet}.
 */
public final class FaceMatNetwork extends NetworkBlock {
    /** Positions in the output list. */
    public static final int OUT_ALPHA = 0;
    public static final int OUT_SIGMA = 1;
    public static final int OUT_FIRST_STATE = 2;
    public static final int OUT_FGR = 6;

    private final PriorInputs prior;
    private final boolean withPrior;

    /** Builds the parameters; call {@link #initialize} (or use {@link #create}) before use. */
    public FaceMatNetwork() {
        this(false);
    }

    /** @param withPrior whether the network takes the landmark prior at the stem ({@link PriorInputs#STEM}) */
    public FaceMatNetwork(boolean withPrior) {
        this(withPrior ? PriorInputs.STEM : PriorInputs.NONE);
    }

    /** @param prior where the network takes the landmark prior */
    public FaceMatNetwork(PriorInputs prior) {
        super(new FaceMatNet(prior, true));
        this.prior = prior;
        this.withPrior = prior.stem();
    }

    /** A new network with initialised (untrained) parameters, on {@code manager}. */
    public static FaceMatNetwork create(NDManager manager) {
        return create(manager, false);
    }

    /** A new network, with or without the landmark prior input (at the stem), with initialised parameters. */
    public static FaceMatNetwork create(NDManager manager, boolean withPrior) {
        return create(manager, withPrior ? PriorInputs.STEM : PriorInputs.NONE);
    }

    /** A new network that takes the landmark prior where {@code prior} says, with initialised parameters. */
    public static FaceMatNetwork create(NDManager manager, PriorInputs prior) {
        FaceMatNetwork net = new FaceMatNetwork(prior);
        net.initialize(manager, DataType.FLOAT32);
        return net;
    }

    /** The network that {@code w} is the weights of (taking the prior where its weights' shapes say), loaded. */
    public static FaceMatNetwork forWeights(NDManager manager, WeightSet w) {
        FaceMatNetwork net = create(manager, FaceMatArchitecture.priorInputs(w));
        net.loadWeights(w);
        return net;
    }

    /** Whether the network takes the landmark prior (at the stem, and maybe in the decoder). */
    public boolean takesPrior() {
        return withPrior;
    }

    /** Where the network takes the landmark prior. */
    public PriorInputs priorInputs() {
        return prior;
    }

    /**
     * The network with RVM's weights and a freshly seeded uncertainty head ({@link UncertaintyHeadInit}).
     * {@code rvm} is not modified.
     */
    public static FaceMatNetwork fromRvm(NDManager manager, WeightSet rvm, long uncertaintySeed) {
        WeightSet w = new WeightSet();
        rvm.asMap().forEach(w::put);
        UncertaintyHeadInit.addTo(w, uncertaintySeed);
        FaceMatNetwork net = create(manager);
        net.loadWeights(w);
        return net;
    }

    /** {@link #fromRvm} from the RVM TFJS model file ({@code rvm.json} beside {@code rvm.bin}). */
    public static FaceMatNetwork fromRvmFile(NDManager manager, Path rvmJson, long uncertaintySeed)
            throws RvmImportException {
        return fromRvm(manager, RvmWeightImporter.importFile(rvmJson), uncertaintySeed);
    }

    /**
     * Sets every parameter from {@code w}, which must hold exactly the names of
     * {@link FaceMatArchitecture#parameterShapes}{@code (true)} with those shapes.
     *
     * @throws IllegalArgumentException naming every missing, unexpected or wrongly shaped tensor
     */
    public void loadWeights(WeightSet w) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            String name = e.getKey();
            if (!w.contains(name)) {
                problems.add("missing " + name);
                continue;
            }
            long[] expected = e.getValue().getShape().getShape();
            long[] got = w.get(name).shape();
            if (!Arrays.equals(expected, got)) {
                problems.add("wrong shape for " + name + ": expected " + Arrays.toString(expected) + ", got "
                        + Arrays.toString(got));
            }
        }
        for (String name : w.names()) {
            if (!namedParameters().containsKey(name)) {
                problems.add("unexpected " + name);
            }
        }
        if (!problems.isEmpty()) {
            String hint = problems.stream().anyMatch(p -> p.startsWith("missing project_unc"))
                    ? " (RVM weights have no uncertainty head: add one with UncertaintyHeadInit.addTo)"
                    : problems.stream().anyMatch(p -> FaceMatArchitecture.priorChannels(PriorInputs.STEM_AND_DECODER)
                            .keySet().stream().anyMatch(p::contains))
                    ? " (this network takes the landmark prior at: " + prior.label() + ", the weights at: "
                    + FaceMatArchitecture.priorInputs(w).label() + "; see FaceMatNetwork.forWeights)" : "";
            throw new IllegalArgumentException("weight set does not fit the FaceMat network: "
                    + String.join("; ", problems) + hint);
        }
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            Parameter p = e.getValue();
            if (!p.isInitialized()) {
                throw new IllegalStateException("initialize the network before loading weights (" + e.getKey() + ")");
            }
            // in place: the arrays stay the ones a ParameterStore or Trainer already holds
            ArrayValues.assign(p.getArray(), w.get(e.getKey()).data());
        }
    }

    /** The current parameter values under their PyTorch names (a copy). */
    public WeightSet exportWeights() {
        WeightSet w = new WeightSet();
        for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
            NDArray a = e.getValue().getArray();
            w.put(e.getKey(), new Tensor(a.getShape().getShape(), a.toFloatArray()));
        }
        return w;
    }

    /** Zero states r1..r4 for a batch of working images of {@code h x w}. */
    public static NDList zeroStates(NDManager manager, long batch, int h, int w) {
        NDList states = new NDList(4);
        for (int i = 0; i < 4; i++) {
            long[] s = ModelContract.stateShape(i, h, w);
            s[0] = batch;
            states.add(manager.zeros(new Shape(s)));
        }
        return states;
    }

    /**
     * One forward pass.
     *
     * @param inputs src, src_sm, optionally r1..r4 (a null state means zeros), then, for a network that takes the
     *               prior, optionally prior_sm
     */
    public FaceMatOutputs run(ParameterStore ps, NDList inputs, boolean training) {
        int n = inputs.size();
        boolean priorGiven = withPrior && (n == 3 || n == 7);
        if (n != 2 && n != 6 && !priorGiven) {
            throw new IllegalArgumentException("expected src, src_sm, optionally r1..r4"
                    + (withPrior ? " and optionally prior_sm" : "") + ", got " + n + " arrays");
        }
        NDArray src = inputs.get(0);
        NDArray srcSm = inputs.get(1);
        Shape full = src.getShape();
        Shape work = srcSm.getShape();
        if (full.dimension() != 4 || work.dimension() != 4 || full.get(1) != 3 || work.get(1) != 3
                || full.get(0) != work.get(0)) {
            throw new IllegalArgumentException("src and src_sm must be [B,3,H,W] and [B,3,h,w], got " + full + " and "
                    + work);
        }
        NDArray[] states = new NDArray[4];
        if (n >= 6) {
            for (int i = 0; i < 4; i++) {
                states[i] = inputs.get(2 + i);
                checkState(i, states[i], work);
            }
        }
        // a prior left out is PRIOR_UNKNOWN everywhere (the port's fill value)
        NDArray priorSm = priorGiven ? inputs.get(n - 1) : null;
        if (priorSm != null) {
            if (!priorSm.getShape().equals(new Shape(work.get(0), 1, work.get(2), work.get(3)))) {
                throw new IllegalArgumentException("prior_sm must be [B,1,h,w] like src_sm " + work + ", got "
                        + priorSm.getShape());
            }
        }
        Map<String, NDArray> in = new HashMap<>();
        in.put(FaceMatNet.SRC.name(), src);
        in.put(FaceMatNet.SRC_SM.name(), srcSm);
        for (int i = 0; i < 4; i++) {
            if (states[i] != null) {
                in.put(FaceMatNet.STATES_IN.get(i).name(), states[i]);
            }
        }
        if (priorSm != null) {
            in.put(FaceMatNet.PRIOR.name(), priorSm);
        }
        Map<String, NDArray> out = evaluate(ps, in, training);
        NDList newStates = new NDList(4);
        for (Port p : FaceMatNet.STATES_OUT) {
            newStates.add(out.get(p.name()));
        }
        return new FaceMatOutputs(out.get(FaceMatNet.ALPHA.name()), out.get(FaceMatNet.UNCERTAINTY.name()), newStates,
                out.get(FaceMatNet.FGR.name()), out.get(FaceMatNet.FGR_RESIDUAL.name()),
                out.get(FaceMatNet.ALPHA_RAW.name()), out.get(FaceMatNet.SIGMA_LOW.name()));
    }

    private static void checkState(int i, NDArray state, Shape work) {
        if (state == null) {
            return;
        }
        long[] expected = ModelContract.stateShape(i, (int) work.get(2), (int) work.get(3));
        expected[0] = work.get(0);
        if (!Arrays.equals(expected, state.getShape().getShape())) {
            throw new IllegalArgumentException("state r" + (i + 1) + "i must be " + Arrays.toString(expected)
                    + " for a working image of " + work + ", got " + state.getShape()
                    + " (reset the states to zero when the size or ratio changes)");
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return run(ps, inputs, training).toNDList();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape full = inputShapes[0];
        Shape work = inputShapes[1];
        long b = full.get(0);
        Shape[] out = new Shape[7];
        out[OUT_ALPHA] = new Shape(b, 1, full.get(2), full.get(3));
        out[OUT_SIGMA] = new Shape(b, 1, full.get(2), full.get(3));
        for (int i = 0; i < 4; i++) {
            long[] s = ModelContract.stateShape(i, (int) work.get(2), (int) work.get(3));
            s[0] = b;
            out[OUT_FIRST_STATE + i] = new Shape(s);
        }
        out[OUT_FGR] = new Shape(b, 3, full.get(2), full.get(3));
        return out;
    }
}
