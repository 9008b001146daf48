package org.facemat.net;

import java.util.List;
import java.util.Map;

/**
 * A network written once against {@link Ops}: its parameters, its outputs and its forward pass. The DJL backend
 * makes a trainable block of it, the ONNX backend a graph.
 */
public interface Network {

    /** Name and shape of every parameter (PyTorch layout), in a fixed order. */
    Map<String, long[]> parameterShapes();

    /** The parameters that are fixed values, not trained, with the values they have before weights are loaded. */
    Map<String, float[]> constants();

    /** The outputs, in the order a model file lists them (a backend may be asked for some only). */
    List<Port> outputs();

    /** The forward pass: reads the inputs, computes, and hands every output to {@link Ops#output}. */
    <T> void forward(Ops<T> o);
}
