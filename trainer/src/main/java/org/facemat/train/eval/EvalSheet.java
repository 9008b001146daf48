package org.facemat.train.eval;

import ai.onnxruntime.OrtException;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.facemat.model.FaceMatModel;
import org.facemat.model.MattePlanes;
import org.facemat.model.ModelContract;
import org.facemat.model.RecurrentState;
import org.facemat.train.data.Images;
import org.facemat.train.synth.EvalSplit;

/**
 * Pictures of a model on the fixed split: one row per sample with the composite, the ground truth, the model's alpha,
 * its uncertainty (sigma x {@link #SIGMA_GAIN}, so that 0.25 is white) and the absolute error |alpha - gt|.
 */
public final class EvalSheet {
    public static final int COLUMNS = 5;
    public static final float SIGMA_GAIN = 4f;

    private EvalSheet() {
    }

    public static void write(FaceMatModel model, EvalSplit.EvalSet set, int[] samples, float ratio, Path png)
            throws IOException, OrtException {
        int wh = ModelContract.workingSize(set.size(), ratio);
        write((rgb, size, passes) -> model.run(rgb, size, size, ratio, RecurrentState.zeros(wh, wh)), set, samples,
                png);
    }

    /** The same with any way of matting a sample (the node's face path, say), one pass from a zero state. */
    public static void write(SplitEvaluation.SampleMatter matter, EvalSplit.EvalSet set, int[] samples, Path png)
            throws IOException, OrtException {
        int s = set.size();
        BufferedImage sheet = new BufferedImage(COLUMNS * s, samples.length * s, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            for (int row = 0; row < samples.length; row++) {
                int k = samples[row];
                float[] rgb = set.rgb(k);
                float[] gt = set.gt(k);
                MattePlanes p = matter.matte(rgb, s, 1);
                float[] alpha = p.alpha().clone();
                float[] sigma = new float[alpha.length];
                float[] error = new float[alpha.length];
                for (int i = 0; i < alpha.length; i++) {
                    sigma[i] = p.uncertainty() == null ? 0f : Math.min(1f, p.uncertainty()[i] * SIGMA_GAIN);
                    error[i] = Math.abs(alpha[i] - gt[i]);
                }
                int y = row * s;
                g.drawImage(Images.rgb(rgb, s, s), 0, y, null);
                g.drawImage(Images.grey(gt, s, s), s, y, null);
                g.drawImage(Images.grey(alpha, s, s), 2 * s, y, null);
                g.drawImage(Images.grey(sigma, s, s), 3 * s, y, null);
                g.drawImage(Images.grey(error, s, s), 4 * s, y, null);
            }
        } finally {
            g.dispose();
        }
        Images.writePng(sheet, png);
    }
}
