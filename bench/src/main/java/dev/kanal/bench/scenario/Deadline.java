package dev.kanal.bench.scenario;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/** The point in {@link System#nanoTime()} by which a run must end, whatever it has reached. */
record Deadline(long atNanos) {
  /** How often {@link #awaitCount} looks; short against any phase it waits for. */
  private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

  static Deadline after(Duration duration) {
    return new Deadline(System.nanoTime() + duration.toNanos());
  }

  boolean passed() {
    return remainingNanos() <= 0;
  }

  long remainingNanos() {
    return atNanos - System.nanoTime();
  }

  /** Parks the calling thread until {@code nanos} or this deadline, whichever comes first. */
  void parkUntil(long nanos) {
    long wait;
    while ((wait = Math.min(nanos, atNanos) - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
    }
  }

  /** Parks the calling thread until this deadline. */
  void await() {
    parkUntil(atNanos);
  }

  /** Waits until {@code count} reaches {@code expected} or this deadline passes. */
  void awaitCount(LongSupplier count, long expected) {
    while (count.getAsLong() < expected && !passed()) {
      LockSupport.parkNanos(Math.min(POLL_NANOS, Math.max(1, remainingNanos())));
    }
  }

  /** The earlier of this deadline and {@code duration} from now. */
  Deadline within(Duration duration) {
    return new Deadline(Math.min(atNanos, System.nanoTime() + duration.toNanos()));
  }
}
