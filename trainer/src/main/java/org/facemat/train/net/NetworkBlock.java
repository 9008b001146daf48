package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.facemat.net.Network;

/**
 * A {@link Network} as a trainable DJL block: one parameter per entry of the network's parameter table, under the
 * table's name (weights Xavier-initialised, biases zero, the network's constants with their values and no gradient),
 * and a forward pass that runs the network's description with the DJL backend. Every shape comes from the table, so
 * the block is initialised (and its weights loaded) before it has seen an image.
 */
public class NetworkBlock extends AbstractBlock {
    private final Network network;
    private final Map<String, Parameter> byName;

    public NetworkBlock(Network network) {
        this.network = network;
        Map<String, float[]> constants = network.constants();
        Map<String, Parameter> named = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : network.parameterShapes().entrySet()) {
            String name = e.getKey();
            Shape shape = new Shape(e.getValue());
            float[] fixed = constants.get(name);
            Parameter.Builder p = Parameter.builder().setName(name).optShape(shape);
            if (fixed != null) {
                // part of the model file but not trained
                Initializer init = (manager, s, dataType) -> manager.create(fixed, s).toType(dataType, false);
                p.setType(Parameter.Type.OTHER).optInitializer(init).optRequiresGrad(false);
            } else if (shape.dimension() == 1) {
                p.setType(Parameter.Type.BIAS).optInitializer(new ConstantInitializer(0f));
            } else {
                p.setType(Parameter.Type.WEIGHT).optInitializer(new XavierInitializer());
            }
            named.put(name, addParameter(p.build()));
        }
        byName = Collections.unmodifiableMap(named);
    }

    /** The network this block evaluates. */
    public Network network() {
        return network;
    }

    /** Every parameter by its name, in the order of the network's parameter table. */
    public Map<String, Parameter> namedParameters() {
        return byName;
    }

    /**
     * One forward pass.
     *
     * @param inputs by port name (states and inputs with a fill value may be left out)
     * @return the outputs by port name
     */
    public Map<String, NDArray> evaluate(ParameterStore ps, Map<String, NDArray> inputs, boolean training) {
        DjlOps o = new DjlOps(ps, byName, inputs, training);
        network.forward(o);
        return o.outputs();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        throw new UnsupportedOperationException("give the inputs by name: evaluate");
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        throw new UnsupportedOperationException("the output shapes depend on the network");
    }
}
