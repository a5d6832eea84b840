package dev.kanal.server.session;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The per-socket rate limit, on a clock the test moves by hand. */
class TokenBucketTest {
  static final long SECOND = 1_000_000_000L;

  @Test
  void allowsABurstOfOneSecondsWorthThenRefuses() {
    TokenBucket bucket = new TokenBucket(3, 0);
    assertTrue(bucket.tryTake(0));
    assertTrue(bucket.tryTake(0));
    assertTrue(bucket.tryTake(0));
    assertFalse(bucket.tryTake(0));
  }

  @Test
  void refillsAtTheRateAndNeverBeyondOneSecondsWorth() {
    TokenBucket bucket = new TokenBucket(2, 0);
    assertTrue(bucket.tryTake(0));
    assertTrue(bucket.tryTake(0));
    assertFalse(bucket.tryTake(SECOND / 4));
    assertTrue(bucket.tryTake(SECOND / 2));
    assertFalse(bucket.tryTake(SECOND / 2));

    long muchLater = 100 * SECOND;
    assertTrue(bucket.tryTake(muchLater));
    assertTrue(bucket.tryTake(muchLater));
    assertFalse(bucket.tryTake(muchLater));
  }
}
