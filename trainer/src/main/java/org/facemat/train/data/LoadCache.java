package org.facemat.train.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small least-recently-used cache of loaded items. The published matting and texture sets hold thousands of
 * full-size photos, too many to keep decoded in memory, so only the last few are kept.
 */
final class LoadCache<V> {
    private final Map<Integer, V> map;

    LoadCache(int capacity) {
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, V> e) {
                return size() > capacity;
            }
        };
    }

    synchronized V get(int key) {
        return map.get(key);
    }

    synchronized void put(int key, V value) {
        map.put(key, value);
    }
}
