package org.facemat.train.unseen;

/** A picture left out of the unseen split, with the reason recorded in the manifest's {@code dropped} list. */
public record Dropped(String file, String reason) {
}
