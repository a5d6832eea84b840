package dev.kanal.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/** The JDK's WebSocket client as a {@link Transport}: whole text frames in, one close report out. */
final class JdkTransport implements Transport {
  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public CompletionStage<Socket> open(URI uri, Events events) {
    AtomicBoolean ended = new AtomicBoolean();
    WebSocket.Listener listener = new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          String text = partial.toString();
          partial.setLength(0);
          events.text(text);
        }
        socket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
        socket.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
        if (ended.compareAndSet(false, true)) {
          events.closed(code, reason);
        }
        return null;
      }

      @Override
      public void onError(WebSocket socket, Throwable error) {
        if (ended.compareAndSet(false, true)) {
          events.closed(WebSocket.NORMAL_CLOSURE, String.valueOf(error.getMessage()));
        }
      }
    };
    return http.newWebSocketBuilder().buildAsync(uri, listener).thenApply(socket -> new Socket() {
      /** The JDK allows one outstanding send; each waits for the one before it. */
      private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

      @Override
      public synchronized void send(String text) {
        sending = sending.thenCompose(sent -> socket.sendText(text, true));
      }

      @Override
      public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(failure -> null);
        socket.abort();
        if (ended.compareAndSet(false, true)) {
          events.closed(WebSocket.NORMAL_CLOSURE, "closed by the client");
        }
      }
    });
  }
}
