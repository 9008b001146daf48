package org.facemat.train.loop;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.nio.file.Path;
import org.facemat.model.FaceMatModel;
import org.facemat.model.ModelLoadException;
import java.util.List;
import org.facemat.train.eval.FrameEvaluation;
import org.facemat.train.eval.FacePathMatter;
import org.facemat.train.eval.SplitEvaluation;
import org.facemat.train.finetune.RotoFrame;
import org.facemat.train.synth.EvalSplit;

/**
 * A model measured on held-out data, as the training loop records it; {@link #bandMse} picks the best checkpoint.
 *
 * @param what     what was measured, e.g. "48 samples of the fixed split"
 * @param bandMse  MSE over the trimap unknown band
 * @param iou      IoU of alpha &gt; 0.5 over the whole image
 * @param spearman Spearman correlation of sigma with |error| over the band
 * @param bandSad  SAD over the band (/1000)
 * @param fullMse  MSE over the whole image
 */
public record Validation(String what, int samples, double bandMse, double iou, double spearman, double bandSad,
                         double fullMse) {

    /** Measures an exported model file. */
    public interface Validator {
        Validation validate(Path onnx) throws IOException, OrtException;
    }

    /** The first {@code count} samples of the fixed split, through the node, single frames at ratio 1. */
    public static Validator onSplit(EvalSplit.EvalSet split, int count) {
        return onnx -> {
            try (FaceMatModel m = FaceMatModel.open(onnx)) {
                SplitEvaluation.Result r = SplitEvaluation.run(m, split, count, 1f, 1, null);
                return of(count + " samples of the fixed split", r);
            } catch (ModelLoadException e) {
                throw new IllegalStateException("the exporter wrote a model the node refuses: " + e.getMessage(), e);
            }
        };
    }

    /**
     * The first {@code count} samples of a split through the node's face path (detector, tracker, aligned crop,
     * landmark prior), as {@code facemat eval --faces auto} measures them: the validation on unseen people.
     */
    public static Validator onSplitFaces(EvalSplit.EvalSet split, int count, Path faceModels) {
        return onnx -> {
            try (FaceMatModel m = FaceMatModel.open(onnx); FacePathMatter faces = FacePathMatter.open(m, faceModels)) {
                SplitEvaluation.Result r = SplitEvaluation.run(faces, split, count, 1, null);
                return of(count + " samples of " + split.folder().getFileName() + " through the face path", r);
            } catch (ModelLoadException e) {
                throw new IllegalStateException("the exporter wrote a model the node refuses: " + e.getMessage(), e);
            }
        };
    }

    /** Whole held-out frames of a shot (see {@link FrameEvaluation}). */
    public static Validator onFrames(List<RotoFrame> frames) {
        return onnx -> {
            try (FaceMatModel m = FaceMatModel.open(onnx)) {
                return of(frames.size() + " held-out roto'd frames", FrameEvaluation.run(m, frames));
            } catch (ModelLoadException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }

    public static Validation of(String what, SplitEvaluation.Result r) {
        return new Validation(what, r.samples(), r.bandMse(), r.iou(), r.spearman(), r.all().band.mean().sad(),
                r.all().full.mean().mseFull());
    }
}
