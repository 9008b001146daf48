package org.facemat.train.data;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/** Joins occluder or texture sets end to end: index i of the first set stays i, the next set follows, and so on. */
public final class OccluderSources {
    private OccluderSources() {
    }

    /** The sets in order as one source; a single set is returned as is, so its indices keep their meaning. */
    public static OccluderSource concat(List<? extends OccluderSource> sets) {
        if (sets.size() == 1) {
            return sets.get(0);
        }
        Offsets<OccluderSource> off = new Offsets<>(List.copyOf(sets), sets.stream().mapToInt(OccluderSource::size)
                .toArray());
        return new OccluderSource() {
            @Override
            public String name() {
                return off.name(OccluderSource::name);
            }

            @Override
            public int size() {
                return off.total;
            }

            @Override
            public Occluder load(int index) throws IOException {
                int s = off.set(index);
                return off.sets.get(s).load(index - off.starts[s]);
            }
        };
    }

    public static TextureSource concatTextures(List<? extends TextureSource> sets) {
        if (sets.size() == 1) {
            return sets.get(0);
        }
        Offsets<TextureSource> off = new Offsets<>(List.copyOf(sets), sets.stream().mapToInt(TextureSource::size)
                .toArray());
        return new TextureSource() {
            @Override
            public String name() {
                return off.name(TextureSource::name);
            }

            @Override
            public int size() {
                return off.total;
            }

            @Override
            public Textures.Texture load(int index) throws IOException {
                int s = off.set(index);
                return off.sets.get(s).load(index - off.starts[s]);
            }
        };
    }

    /** Where each set starts in the joined index space. */
    private static final class Offsets<T> {
        final List<T> sets;
        final int[] starts;
        final int total;

        Offsets(List<T> sets, int[] sizes) {
            if (sets.isEmpty()) {
                throw new IllegalArgumentException("no set to join");
            }
            this.sets = sets;
            this.starts = new int[sizes.length];
            int t = 0;
            for (int i = 0; i < sizes.length; i++) {
                starts[i] = t;
                t += sizes[i];
            }
            this.total = t;
        }

        int set(int index) {
            if (index < 0 || index >= total) {
                throw new IndexOutOfBoundsException("index " + index + " outside 0.." + (total - 1));
            }
            int s = starts.length - 1;
            while (starts[s] > index) {
                s--;
            }
            return s;
        }

        /** The set names joined with '+'. */
        String name(Function<T, String> f) {
            StringBuilder b = new StringBuilder();
            for (T t : sets) {
                b.append(b.length() == 0 ? "" : "+").append(f.apply(t));
            }
            return b.toString();
        }
    }
}
