package org.facemat.farm;

import java.util.ArrayList;
import java.util.List;

/**
 * A shot cut into chunks of frames for a render farm. Each chunk is rendered by {@code facemat render --frames
 * first-last --preroll P}; the network runs from {@code networkFirst} (its pre-roll) on.
 */
public record ChunkPlan(long shotFirst, long first, long last, int chunkSize, int preroll, List<Chunk> chunks) {

    /** Default frames per chunk (docs/farm.md gives the cost of the pre-roll for it). */
    public static final int DEFAULT_CHUNK = 50;

    public record Chunk(int index, long first, long last, long networkFirst) {
        long frames() {
            return last - first + 1;
        }

        public long prerollFrames() {
            return first - networkFirst;
        }

        public String range() {
            return first + "-" + last;
        }
    }

    /**
     * @param shotFirst the source's first frame (a pre-roll cannot start before it)
     * @param preroll   frames of pre-roll, {@link Integer#MAX_VALUE} for all
     */
    public static ChunkPlan of(long shotFirst, long first, long last, int chunkSize, int preroll) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("--chunk must be >= 1, got " + chunkSize);
        }
        List<Chunk> chunks = new ArrayList<>();
        int i = 0;
        for (long s = first; s <= last; s += chunkSize) {
            long e = Math.min(last, s + chunkSize - 1);
            chunks.add(new Chunk(i++, s, e, Math.max(shotFirst, s - preroll)));
        }
        return new ChunkPlan(shotFirst, first, last, chunkSize, preroll, List.copyOf(chunks));
    }

    public long frames() {
        return last - first + 1;
    }

    public long prerollFrames() {
        return chunks.stream().mapToLong(Chunk::prerollFrames).sum();
    }

    /** Frames the network runs for all chunks together. */
    public long networkFrames() {
        return chunks.stream().mapToLong(c -> c.last() - c.networkFirst() + 1).sum();
    }

    /** Frames the network runs for the same range rendered in one piece (with the same pre-roll before it). */
    public long singleRunFrames() {
        return last - Math.max(shotFirst, first - preroll) + 1;
    }

    /** The extra network work of the chunks' pre-rolls, in percent of rendering the range in one piece. */
    public double overheadPercent() {
        return 100.0 * (networkFrames() - singleRunFrames()) / singleRunFrames();
    }
}
