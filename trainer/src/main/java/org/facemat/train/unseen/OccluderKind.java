package org.facemat.train.unseen;

/**
 * The kind of an occluder by its name, for per-kind metrics: none, texture, brushes, oxygen, tuxpaint/<category>, and
 * the skin-coloured and worn ones: hand (a hand or a forearm, with anything else), hair, glasses.
 */
final class OccluderKind {
    private OccluderKind() {
    }

    static String of(String occluder) {
        if (occluder == null) {
            return "none";
        }
        java.util.List<String> pasted = java.util.List.of(occluder.split("\\+"));
        if (pasted.stream().anyMatch(x -> x.startsWith("hand:") || x.startsWith("forearm:"))) {
            return "hand";
        }
        if (pasted.contains("hair")) {
            return "hair";
        }
        if (pasted.equals(java.util.List.of("glasses"))) {
            return "glasses";
        }
        if (occluder.startsWith("texture:")) {
            return "texture";
        }
        String[] parts = occluder.split("/");
        if (parts.length > 2 && parts[0].equals("tuxpaint")) {
            return parts[0] + "/" + parts[1]; // the stamps' category (animals, clothes, ...), as occluders/index.csv
        }
        return parts.length > 1 ? parts[0] : "other";
    }
}
