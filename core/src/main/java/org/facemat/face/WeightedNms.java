package org.facemat.face;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * MediaPipe's weighted non-maximum suppression: the best remaining detection and every other one overlapping it by
 * more than the IoU limit form a cluster, which becomes one detection whose box and keypoints are the
 * score-weighted mean of the cluster's and whose score is the best one's. Averaging steadies the box from frame to
 * frame where plain NMS would jump between neighbouring anchors.
 */
final class WeightedNms {
    private WeightedNms() {
    }

    static List<Detection> apply(List<Detection> candidates, float iouLimit) {
        List<Detection> left = new ArrayList<>(candidates);
        left.sort(Comparator.comparingDouble(Detection::score).reversed());
        List<Detection> out = new ArrayList<>();
        while (!left.isEmpty()) {
            Detection best = left.get(0);
            List<Detection> cluster = new ArrayList<>();
            List<Detection> rest = new ArrayList<>();
            for (Detection d : left) {
                (d == best || best.iou(d) > iouLimit ? cluster : rest).add(d);
            }
            out.add(mean(cluster, best.score()));
            left = rest;
        }
        return out;
    }

    private static Detection mean(List<Detection> cluster, float score) {
        double total = 0;
        double[] box = new double[4];
        double[] kp = new double[2 * Detection.KEYPOINTS];
        for (Detection d : cluster) {
            double w = d.score();
            total += w;
            box[0] += w * d.x0();
            box[1] += w * d.y0();
            box[2] += w * d.x1();
            box[3] += w * d.y1();
            for (int i = 0; i < kp.length; i++) {
                kp[i] += w * d.keypoints()[i];
            }
        }
        float[] k = new float[kp.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) (kp[i] / total);
        }
        return new Detection((float) (box[0] / total), (float) (box[1] / total), (float) (box[2] / total),
                (float) (box[3] / total), score, k);
    }
}
