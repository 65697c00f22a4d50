package dev.orchestrator.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-label meters with bounded cardinality: the first {@code max} distinct label values seen get
 * their own meters, every later one shares the {@link #OTHER} meters. A tenant id is client-chosen
 * in effect (any configured tenant, forever growing), and an unbounded label would let the metrics
 * endpoint grow without limit; the bound keeps a scrape small whatever happens.
 */
public final class BoundedLabels<T> {
  /** The shared label value; tenant ids start with [a-z0-9], so no tenant can be named this. */
  public static final String OTHER = "_other";

  private final int max;
  private final Function<String, T> factory;
  private final Map<String, T> own = new ConcurrentHashMap<>();
  private volatile T other;

  public BoundedLabels(int max, Function<String, T> factory) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0");
    }
    this.max = max;
    this.factory = factory;
  }

  /** The meters for {@code label}: its own while the bound allows, else the shared ones. */
  public T get(String label) {
    T t = own.get(label);
    if (t != null) {
      return t;
    }
    if (own.size() >= max) {
      return other();
    }
    synchronized (this) {
      t = own.get(label);
      if (t != null) {
        return t;
      }
      if (own.size() >= max) {
        return other();
      }
      t = factory.apply(label);
      own.put(label, t);
      return t;
    }
  }

  /** How many label values have their own meters (never more than {@code max}). */
  public int size() {
    return own.size();
  }

  private T other() {
    T o = other;
    if (o == null) {
      synchronized (this) {
        if (other == null) {
          other = factory.apply(OTHER);
        }
        o = other;
      }
    }
    return o;
  }
}
