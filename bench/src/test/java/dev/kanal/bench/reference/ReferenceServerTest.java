package dev.kanal.bench.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reference server on a real port, driven by the JDK's own WebSocket client. */
class ReferenceServerTest {
  private ReferenceServer server;
  private Thread loop;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    server = new ReferenceServer(new InetSocketAddress("127.0.0.1", 0));
    loop = new Thread(server, "reference-server");
    loop.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.close();
    loop.join(10_000);
  }

  @Test
  void aTextFrameIsAnsweredOkAndAPublishReachesEverySocket() throws Exception {
    BlockingQueue<String> first = new LinkedBlockingQueue<>();
    BlockingQueue<String> second = new LinkedBlockingQueue<>();
    WebSocket a = connect(first);
    WebSocket b = connect(second);

    a.sendText("join", true);
    b.sendText("join", true);
    assertEquals("ok", first.poll(10, TimeUnit.SECONDS));
    assertEquals("ok", second.poll(10, TimeUnit.SECONDS));

    for (String body : new String[] {"{\"n\":1}", "[2]"}) {
      HttpResponse<Void> published = http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/publish"))
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.discarding());
      assertEquals(202, published.statusCode());
    }
    for (BlockingQueue<String> received : List.of(first, second)) {
      assertEquals("[null,null,\"t\",\"e\",{\"n\":1}]", received.poll(10, TimeUnit.SECONDS));
      assertEquals("[null,null,\"t\",\"e\",[2]]", received.poll(10, TimeUnit.SECONDS));
    }
    a.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
  }

  @Test
  void anyOtherRequestIsNotFound() throws Exception {
    HttpResponse<Void> response = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/elsewhere")).build(),
        HttpResponse.BodyHandlers.discarding());
    assertEquals(404, response.statusCode());
  }

  private WebSocket connect(BlockingQueue<String> received) throws Exception {
    return http.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            received.add(data.toString());
            socket.request(1);
            return null;
          }
        })
        .get(10, TimeUnit.SECONDS);
  }
}
