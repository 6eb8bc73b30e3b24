package io.drippulse.crm.api;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-process memo of facts that never become false once true (an org's default pipeline id, an
 * org/user pair already recorded, a token whose signature and claims verified). Bounded crudely: when full it forgets everything, which only costs
 * one extra idempotent query per key.
 */
public final class Remembered<K, V> {

  private static final int MAX_ENTRIES = 100_000;

  private final Map<K, V> entries = new ConcurrentHashMap<>();

  public Optional<V> get(K key) {
    return Optional.ofNullable(entries.get(key));
  }

  public V remember(K key, V value) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(key, value);
    return value;
  }
}
