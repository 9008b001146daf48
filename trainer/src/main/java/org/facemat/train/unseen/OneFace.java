package org.facemat.train.unseen;

import org.facemat.train.data.FaceBox;
import org.facemat.train.data.FaceSample;
import org.facemat.train.data.FaceSource;

/**
 * One labelled face of a still as a face source of one item, so the evaluation synthesizer crops and occludes it
 * exactly as it does the fixed split's faces. Its samples are named {@code unseen/<identity>#<item>}: the identity
 * before '#' is what {@code facemat eval} groups by.
 */
record OneFace(String item, FaceSample sample) implements FaceSource {
    static final String NAME = "unseen";

    /** Face {@code f} of a labelled picture, with the picture's skin label (the union of its faces' ovals). */
    static OneFace of(LabelledPicture p, int f) {
        return new OneFace(p.item(f), new FaceSample(NAME + "/" + p.item(f), p.width(), p.height(), p.rgb(), p.skin(),
                p.box(f)));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return 1;
    }

    @Override
    public boolean isClip() {
        return false;
    }

    @Override
    public String itemName(int index) {
        return item;
    }

    @Override
    public FaceBox box(int index) {
        return sample.box();
    }

    @Override
    public FaceSample read(int index) {
        return sample;
    }
}
