package org.facemat.train.net;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;

/**
 * A block of the FaceMat network. Every parameter shape is fixed by {@link FaceMatArchitecture}, not inferred from
 * input shapes, so children are initialised without input shapes and the whole network can be initialised (and its
 * weights loaded) before it has seen any image.
 */
abstract class NetBlock extends AbstractBlock {

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType);
        }
    }
}
