package org.facemat.net;

/**
 * An input or output of a network: name, channels and where its size comes from.
 *
 * @param halvings for a state, how many times its size is halved ({@code ceil(n / 2)}) from the working size
 * @param height   the symbolic height of the port in a model file
 * @param width    the symbolic width
 * @param fill     for an input that may be left out (a state, the prior), the value it then has everywhere
 */
public record Port(String name, int channels, Place place, int halvings, String height, String width, float fill) {

    /** Where the size of a port comes from. */
    public enum Place {
        /** the source frame, H x W */
        FULL,
        /** the working image, h x w */
        WORKING,
        /**
         * at the working size in the network; a model file takes it at the full size and brings it to the working size
         * itself (bilinear, half-pixel), as the product's downsampling does
         */
        WORKING_FROM_FULL,
        /** a recurrent state, {@link #halvings} below the working size */
        STATE
    }

    public static Port full(String name, int channels) {
        return new Port(name, channels, Place.FULL, 0, "H", "W", 0f);
    }

    public static Port working(String name, int channels) {
        return new Port(name, channels, Place.WORKING, 0, "h", "w", 0f);
    }

    /** An input made at full size whose network works at the working size; {@code fill} when it is left out. */
    public static Port workingFromFull(String name, int channels, float fill) {
        return new Port(name, channels, Place.WORKING_FROM_FULL, 0, "H", "W", fill);
    }

    /** A recurrent state (zeros when left out), with symbolic size {@code height x width}. */
    public static Port state(String name, int channels, int halvings, String height, String width) {
        return new Port(name, channels, Place.STATE, halvings, height, width, 0f);
    }

    /** Height or width {@code n} of the working image brought to this state's size. */
    public int stateSize(int n) {
        int s = n;
        for (int k = 0; k < halvings; k++) {
            s = FaceMatArchitecture.half(s);
        }
        return s;
    }
}
