package dev.kanal.client;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server's answer to something a client asked for: a future, plus {@link #await} for callers
 * that may block, which ends in a {@link KanalException} rather than a checked exception.
 */
public final class Answer<T> extends CompletableFuture<T> {

  /** Waits at most {@code timeout}; the answer, or the {@link KanalException} that says why not. */
  public T await(Duration timeout) {
    try {
      return get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new KanalException.Timeout("no answer within " + timeout);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof KanalException known ? known : new KanalException.Refused(String.valueOf(e.getCause()));
    } catch (CancellationException e) {
      throw new KanalException.Closed("cancelled");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KanalException.Closed("interrupted while waiting");
    }
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new Answer<>();
  }
}
