package org.facemat.train.eval;

import ai.onnxruntime.OrtException;
import java.util.List;
import org.facemat.metrics.MatteMetrics;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelContract;
import org.facemat.model.RecurrentState;
import org.facemat.train.finetune.RotoFrame;

/**
 * Measures a model on whole frames with their mattes (a shot's held-out roto'd frames), each frame from a zero state
 * at the model's recommended ratio for the frame size, as a render of that frame alone would see it.
 */
public final class FrameEvaluation {
    private FrameEvaluation() {
    }

    public static SplitEvaluation.Result run(FaceMatModel model, List<RotoFrame> frames) throws OrtException {
        SplitEvaluation.Totals all = new SplitEvaluation.Totals();
        long t0 = System.nanoTime();
        for (RotoFrame f : frames) {
            int h = f.height();
            int w = f.width();
            float ratio = model.recommendedRatio(h, w);
            RecurrentState state = RecurrentState.zeros(ModelContract.workingSize(h, ratio),
                    ModelContract.workingSize(w, ratio));
            MattePlanes p = model.run(f.rgb(), h, w, ratio, state);
            float[] alpha = p.alpha().clone();
            float[] sigma = p.uncertainty() == null ? null : p.uncertainty().clone();
            all.add(SplitEvaluation.bandMetrics(alpha, f.matte(), sigma, h, w),
                    MatteMetrics.of(alpha, f.matte(), sigma, null, h, w));
        }
        return new SplitEvaluation.Result(frames.size(), all, new SplitEvaluation.Totals(),
                new SplitEvaluation.Totals(), (System.nanoTime() - t0) / 1e9);
    }
}
