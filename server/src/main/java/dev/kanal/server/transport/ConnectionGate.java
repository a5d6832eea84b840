package dev.kanal.server.transport;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts a node's open sockets against {@code kanal.limits.max-connections}. */
final class ConnectionGate {
  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  ConnectionGate(int max) {
    this.max = max;
  }

  /** Takes a place for a new socket; false when the node is full. */
  boolean tryOpen() {
    while (true) {
      int now = open.get();
      if (now >= max) {
        return false;
      }
      if (open.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void close() {
    open.decrementAndGet();
  }
}
