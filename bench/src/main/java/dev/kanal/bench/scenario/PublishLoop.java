package dev.kanal.bench.scenario;

import dev.kanal.bench.measure.Latencies;
import dev.kanal.bench.measure.Result;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Sends numbered messages over HTTP at a target rate, with at most {@code window} unanswered.
 * Rate 0 sends each as soon as the window allows, so window 1 sends the next when the previous
 * one's answer came back. A message may take several requests (one per reference server); it
 * counts as accepted when all of them answered 2xx.
 */
final class PublishLoop {

  /** What was sent and when; {@code firstSentNanos} and {@code lastAnsweredNanos} bound the phase. */
  record Outcome(int sent, int accepted, long firstSentNanos, long lastAnsweredNanos) {
    double acceptedPerSecond() {
      double seconds = (lastAnsweredNanos - firstSentNanos) / 1e9;
      return seconds > 0 ? accepted / seconds : Double.NaN;
    }
  }

  private final int count;
  private final double perSecond;
  private final int window;

  PublishLoop(int count, double perSecond, int window) {
    this.count = count;
    this.perSecond = perSecond;
    this.window = window;
  }

  /**
   * Sends messages {@code 0..count-1}, each built by {@code requestsFor} just before it goes (so a
   * stamp in it is the send time), waits for the answers, and adds {@code accepted},
   * {@code answerName} latency and any refusals to the result.
   */
  Outcome run(HttpClient http, LongFunction<List<HttpRequest>> requestsFor, Deadline deadline,
      Result.Builder result, String answerName) throws InterruptedException {
    Latencies answers = new Latencies();
    Semaphore slots = new Semaphore(window);
    AtomicInteger accepted = new AtomicInteger();
    AtomicLong lastAnsweredNanos = new AtomicLong();
    Map<String, Integer> refusals = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    int sent = 0;
    for (long seq = 0; seq < count; seq++) {
      if (perSecond > 0) {
        deadline.parkUntil(start + (long) (seq * 1e9 / perSecond));
      }
      if (deadline.passed() || !slots.tryAcquire(deadline.remainingNanos(), TimeUnit.NANOSECONDS)) {
        result.cutShort("while publishing: " + sent + " of " + count + " sent");
        break;
      }
      long sending = System.nanoTime();
      CompletableFuture<?>[] answered = requestsFor.apply(seq).stream()
          .map(request -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .thenAccept(response -> {
                if (response.statusCode() / 100 != 2) {
                  throw new IllegalStateException(request.method() + " " + request.uri().getPath()
                      + " answered " + response.statusCode());
                }
              }))
          .toArray(CompletableFuture[]::new);
      sent++;
      CompletableFuture.allOf(answered).whenComplete((ok, error) -> {
        long now = System.nanoTime();
        answers.record(now - sending);
        lastAnsweredNanos.accumulateAndGet(now, Math::max);
        if (error == null) {
          accepted.incrementAndGet();
        } else {
          Throwable cause = error.getCause() != null ? error.getCause() : error;
          refusals.merge(String.valueOf(cause.getMessage()), 1, Integer::sum);
        }
        slots.release();
      });
    }
    if (!slots.tryAcquire(window, Math.max(0, deadline.remainingNanos()), TimeUnit.NANOSECONDS)) {
      result.cutShort("waiting for publish answers");
    }
    result.figure("accepted", accepted.get());
    answers.addTo(result, answerName);
    refusals.forEach((reason, n) -> result.problem(n + " messages not accepted: " + reason));
    return new Outcome(sent, accepted.get(), start, lastAnsweredNanos.get());
  }
}
