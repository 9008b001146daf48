package org.facemat.face;

import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelLoadException;

/** The face detector and face mesh shipped beside the matting model, opened on the matting model's device. */
public final class ShippedFaceModels {
    private ShippedFaceModels() {
    }

    /** Opens them on the device the matting model runs on. */
    public static FaceLocator open(FaceMatModel model) throws ModelLoadException {
        throw new ModelLoadException("face models are not built into this version");
    }
}
