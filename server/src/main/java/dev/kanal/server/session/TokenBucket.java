package dev.kanal.server.session;

/**
 * A per-socket rate limit: {@code perSecond} tokens a second, and bursts of up to one second's
 * worth. Not thread-safe; a socket actor owns its buckets.
 */
final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double perSecond;
  private double tokens;
  private long lastNanos;

  TokenBucket(int perSecond, long nowNanos) {
    this.perSecond = perSecond;
    this.tokens = perSecond;
    this.lastNanos = nowNanos;
  }

  /** Takes a token if one is left at {@code nowNanos}. */
  boolean tryTake(long nowNanos) {
    tokens = Math.min(perSecond, tokens + (nowNanos - lastNanos) / NANOS_PER_SECOND * perSecond);
    lastNanos = nowNanos;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
