package dev.kanal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import dev.kanal.server.config.KanalConfig;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node with {@code kanal.http.tls} serves HTTPS and WSS; the self-signed certificate is made for
 * the test with the JDK's keytool.
 */
class TlsTest {
  private static final String PASSWORD = "kanal-test";
  private static KanalNode node;
  private static int port;
  private static SSLContext trusting;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("kanal-tls");
    Path keystore = dir.resolve("node.p12");
    Process keytool = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "kanal", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
            "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD)
        .redirectErrorStream(true)
        .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    assertEquals(0, keytool.waitFor(), output);
    trusting = trusting(keystore);

    node = KanalNode.start(KanalConfig.load(ConfigFactory.parseString(
        "kanal.http { host = \"127.0.0.1\", port = 0, tls { keystore = \"" + keystore + "\", password = \"" + PASSWORD + "\" } }\n"
            + "kanal.store.url = \"jdbc:h2:file:" + dir.resolve("kanal") + "\"\n"
            + "kanal.cluster.port = 0\n"
            + "pekko.coordinated-shutdown.exit-jvm = off")));
    port = node.binding().toCompletableFuture().get(30, TimeUnit.SECONDS).localAddress().getPort();
    awaitReady();
  }

  /** Sockets are taken once the node is an Up member, which follows the binding by a moment. */
  private static void awaitReady() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health/ready")).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the node was not ready within 30 s");
      }
      Thread.sleep(100);
    }
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  @AfterAll
  static void stop() throws Exception {
    node.shutdown().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void servesHttpsToAClientThatTrustsTheCertificate() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
    HttpResponse<String> live = client.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health/live")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, live.statusCode());
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefused() {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health/live")).build();
    assertThrows(SSLHandshakeException.class, () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
  }

  @Test
  void speaksThePhoenixProtocolOverWss() throws Exception {
    CompletableFuture<String> reply = new CompletableFuture<>();
    WebSocket socket = HttpClient.newBuilder().sslContext(trusting).build()
        .newWebSocketBuilder()
        .buildAsync(URI.create("wss://127.0.0.1:" + port + "/socket/websocket?vsn=2.0.0"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            reply.complete(data.toString());
            return null;
          }
        })
        .get(10, TimeUnit.SECONDS);
    socket.sendText("[null,\"1\",\"phoenix\",\"heartbeat\",{}]", true);
    assertEquals("[null,\"1\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]", reply.get(10, TimeUnit.SECONDS));
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
  }
}
