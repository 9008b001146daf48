package org.facemat.net;

/**
 * One inverted-residual layer of the MobileNetV3-Large backbone (features.1 .. features.15).
 *
 * @param index      torchvision feature index (1..15)
 * @param in         input channels
 * @param expanded   channels after the 1x1 expand (== in when there is no expand conv)
 * @param out        output channels
 * @param kernel     depthwise kernel size
 * @param stride     depthwise stride
 * @param dilation   depthwise dilation (2 in the last stage: output stride 16)
 * @param hardswish  hardswish activation, else ReLU
 * @param seSqueeze  squeeze channels of the squeeze-excitation, 0 when absent
 */
public record BackboneLayer(int index, int in, int expanded, int out, int kernel, int stride, int dilation,
                            boolean hardswish, int seSqueeze) {

    public boolean hasExpand() {
        return expanded != in;
    }

    public boolean hasSe() {
        return seSqueeze > 0;
    }

    public boolean residual() {
        return stride == 1 && in == out;
    }

    /** Symmetric zero padding of the depthwise conv. */
    public int padding() {
        return (kernel - 1) / 2 * dilation;
    }

    /** Module index inside {@code block}: [expand?, depthwise, SE?, project]. */
    public int depthwiseSlot() {
        return hasExpand() ? 1 : 0;
    }

    public int seSlot() {
        return depthwiseSlot() + 1;
    }

    public int projectSlot() {
        return depthwiseSlot() + (hasSe() ? 2 : 1);
    }

    public String prefix() {
        return "backbone.features." + index + ".block.";
    }
}
