package org.facemat.train.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Differentiable bilinear resizing of NCHW maps with half-pixel centres and no antialiasing: the same sampling as
 * TensorFlow's {@code ResizeBilinear(half_pixel_centers=True)} and the product's
 * {@link org.facemat.image.HalfPixelBilinear}, for enlarging only. On the PyTorch engine DJL's
 * {@code interpolation} is {@code torch.nn.functional.interpolate} with {@code align_corners=false} (half-pixel)
 * but always with {@code antialias=true}; antialiasing changes nothing when enlarging and changes the result when
 * shrinking, so shrinking is refused (the working image is made by {@code HalfPixelBilinear} outside the network).
 * A test checks the enlargement against {@code HalfPixelBilinear} and that gradients flow through it.
 */
public final class HalfPixelResize {
    /** DJL's interpolation mode code for bilinear (the PyTorch engine maps 1 to torch's kBilinear). */
    public static final int BILINEAR_MODE = 1;

    private HalfPixelResize() {
    }

    /** Enlarges the last two axes of an NCHW map to {@code height x width} (each at least the current size). */
    public static NDArray bilinear(NDArray x, long height, long width) {
        Shape s = x.getShape();
        if (height < s.get(2) || width < s.get(3)) {
            throw new IllegalArgumentException("bilinear shrinking " + s + " to " + height + "x" + width
                    + " would be antialiased by DJL; make small images with HalfPixelBilinear");
        }
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, BILINEAR_MODE, false);
    }

    /**
     * The decoder's upsampling: bilinear x2, then keep the top-left {@code height x width} so that odd skip sizes
     * (where the encoder rounded up) line up.
     */
    public static NDArray up2Crop(NDArray x, long height, long width) {
        Shape s = x.getShape();
        long h2 = 2 * s.get(2);
        long w2 = 2 * s.get(3);
        NDArray up = bilinear(x, h2, w2);
        if (h2 == height && w2 == width) {
            return up;
        }
        return up.get(new NDIndex(":, :, :{}, :{}", height, width));
    }
}
