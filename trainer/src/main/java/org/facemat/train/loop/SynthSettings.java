package org.facemat.train.loop;

import com.google.gson.JsonObject;
import org.facemat.io.StrictJson;
import org.facemat.train.synth.SynthConfig;

/**
 * What a training config changes in the synthesis recipe (docs/training.md): the identity and camera variation, the
 * skin-coloured occluders (hands, forearms, hair, glasses), and the errors of the landmark prior. The defaults are the
 * recipe of the 1.x models, so an older config trains what it trained before.
 *
 * @param variation     strength in [0, 1] of {@code IdentityVariation}
 * @param skinOccluders draw hands, forearms, hair and glasses as well as the object occluders
 * @param priorJitter   strength in [0, 1] of the prior's placement errors ({@code TrainingPrior})
 * @param priorDropout  probability of a sample without a prior
 */
public record SynthSettings(double variation, boolean skinOccluders, double priorJitter, double priorDropout) {
    public static final SynthSettings DEFAULT = new SynthSettings(0, true, 1, 0.15);

    public SynthSettings {
        if (!(variation >= 0 && variation <= 1)) {
            throw new IllegalArgumentException("\"variation\" must be in [0, 1]");
        }
        if (!(priorJitter >= 0 && priorJitter <= 1) || !(priorDropout >= 0 && priorDropout <= 1)) {
            throw new IllegalArgumentException("\"priorJitter\" and \"priorDropout\" must be in [0, 1]");
        }
    }

    static SynthSettings parse(JsonObject o) {
        return new SynthSettings(StrictJson.real(o, "variation", (float) DEFAULT.variation),
                StrictJson.bool(o, "skinOccluders", DEFAULT.skinOccluders),
                StrictJson.real(o, "priorJitter", (float) DEFAULT.priorJitter),
                StrictJson.real(o, "priorDropout", (float) DEFAULT.priorDropout));
    }

    /** The training recipe with these settings. */
    public SynthConfig apply(SynthConfig c) {
        SynthConfig k = skinOccluders ? c : c.withKinds(c.occlusionProb(), 0, 0, 0, 0);
        return k.withVariation(variation, priorJitter, priorDropout);
    }
}
