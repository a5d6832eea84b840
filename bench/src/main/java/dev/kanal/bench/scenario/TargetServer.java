package dev.kanal.bench.scenario;

import dev.kanal.bench.client.Dialect;
import dev.kanal.bench.client.PhoenixDialect;
import dev.kanal.bench.client.ReferenceDialect;

/** The servers the load generator can measure. */
enum TargetServer {
  KANAL,
  REFERENCE;

  Dialect dialect(String token) {
    return this == KANAL ? new PhoenixDialect(token) : new ReferenceDialect();
  }

  /**
   * Whether memory per socket includes the live heap after a full GC: Kanal's is the figure to
   * watch; the reference keeps almost nothing on the heap, so only its resident memory is taken.
   */
  boolean measuresHeap() {
    return this == KANAL;
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
