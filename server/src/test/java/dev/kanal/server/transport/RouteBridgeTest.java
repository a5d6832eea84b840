package dev.kanal.server.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractClientIP;
import static org.apache.pekko.http.javadsl.server.Directives.extractCredentials;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.flow.FlowControlHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.HttpCredentials;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bridge between a Netty channel and real, sealed Pekko routes. The channel stands for one
 * connection whose decoder already made whole requests; the pipeline has the flow control the
 * listener needs for pipelining.
 */
@ExtendWith(LogCapturingExtension.class)
class RouteBridgeTest {
  static final ActorTestKit testKit = ActorTestKit.create();
  static final Materializer MATERIALIZER = Materializer.matFromSystem(testKit.system());
  static final Duration TIMEOUT = Duration.ofSeconds(3);
  static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50123);
  static final String CREATED_JSON = "{\"id\":7}";

  EmbeddedChannel channel;
  Written written;

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  @AfterEach
  void closeChannel() {
    if (channel != null) {
      channel.finishAndReleaseAll();
    }
  }

  static Route routes() {
    return concat(
        pathPrefix("echo", RouteBridgeTest::echo),
        path("created", () -> complete(HttpResponse.create()
            .withStatus(StatusCodes.CREATED)
            .addHeader(RawHeader.create("X-Kanal-Id", "7"))
            .addHeader(Location.create("/items/7"))
            .withEntity(ContentTypes.APPLICATION_JSON, CREATED_JSON))),
        path("empty", () -> complete(StatusCodes.NO_CONTENT)),
        path("slow", () -> completeWithFuture(CompletableFuture.supplyAsync(
            () -> HttpResponse.create().withEntity("slow"), CompletableFuture.delayedExecutor(300, MILLISECONDS)))),
        path("fast", () -> complete("fast")));
  }

  /** Tells what the route saw, one {@code key=value} a line, reading headers as the API routes do. */
  static Route echo() {
    return extractRequest(request -> extractClientIP(client -> extractCredentials(credentials ->
        optionalHeaderValueByName("Authorization", authorization -> optionalHeaderValueByName("Origin", origin ->
            entity(Unmarshaller.entityToString(), body -> complete(String.join("\n",
                "method=" + request.method().value(),
                "uri=" + request.getUri(),
                "protocol=" + request.protocol().value(),
                "authorization=" + authorization.orElse("-"),
                "credentials=" + credentials.map(HttpCredentials::scheme).orElse("-"),
                "origin=" + origin.orElse("-"),
                "content-type=" + request.entity().getContentType(),
                "client=" + client.getAddress().map(InetAddress::getHostAddress).orElse("unknown"),
                "body=" + body))))))));
  }

  void connect(Function<HttpRequest, CompletionStage<HttpResponse>> handler, boolean https, Duration timeout) {
    RouteBridge bridge = new RouteBridge(handler, MATERIALIZER, https, timeout);
    written = new Written();
    channel = new EmbeddedChannel(written, new FlowControlHandler(), new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        bridge.serve(ctx, (FullHttpRequest) msg);
      }
    }) {
      @Override
      protected SocketAddress remoteAddress0() {
        return CLIENT;
      }
    };
  }

  void connect() {
    connect(routes().seal().handler(testKit.system()), false, TIMEOUT);
  }

  static FullHttpRequest request(HttpMethod method, String uri, String body, String... headers) {
    FullHttpRequest request = new DefaultFullHttpRequest(
        HttpVersion.HTTP_1_1, method, uri, Unpooled.copiedBuffer(body, UTF_8));
    request.headers().set(HttpHeaderNames.HOST, "kanal.test:8080");
    for (int i = 0; i < headers.length; i += 2) {
      request.headers().set(headers[i], headers[i + 1]);
    }
    request.headers().set(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
    return request;
  }

  static FullHttpRequest get(String uri, String... headers) {
    return request(HttpMethod.GET, uri, "", headers);
  }

  FullHttpResponse send(FullHttpRequest request) throws InterruptedException {
    channel.writeInbound(request);
    FullHttpResponse response = written.next();
    assertEquals(0, request.refCnt(), "the bridge releases the request");
    return response;
  }

  static String body(FullHttpResponse response) {
    return response.content().toString(UTF_8);
  }

  static Map<String, String> echoed(FullHttpResponse response) {
    assertEquals(200, response.status().code(), body(response));
    Map<String, String> seen = new HashMap<>();
    for (String line : body(response).split("\n")) {
      String[] pair = line.split("=", 2);
      seen.put(pair[0], pair[1]);
    }
    return seen;
  }

  static void assertLengthMatchesBody(FullHttpResponse response) {
    assertEquals(String.valueOf(response.content().readableBytes()), response.headers().get(HttpHeaderNames.CONTENT_LENGTH));
  }

  @Test
  void aGetWithAQueryReachesTheRouteWithAnAbsoluteUri() throws Exception {
    connect();
    FullHttpResponse response = send(get("/echo/a%20b?x=1&y=%2F&z"));
    Map<String, String> seen = echoed(response);
    assertEquals("GET", seen.get("method"));
    assertEquals("http://kanal.test:8080/echo/a%20b?x=1&y=%2F&z", seen.get("uri"));
    assertEquals("HTTP/1.1", seen.get("protocol"));
    assertEquals("-", seen.get("authorization"));
    assertEquals("none/none", seen.get("content-type"));
    assertEquals(CLIENT.getAddress().getHostAddress(), seen.get("client"));
    assertEquals("", seen.get("body"));
    assertEquals("text/plain; charset=UTF-8", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
    assertLengthMatchesBody(response);
    assertNull(response.headers().get(HttpHeaderNames.CONNECTION));
    assertTrue(channel.isOpen());
    assertTrue(channel.config().isAutoRead(), "reading resumes once the answer is written");
  }

  @Test
  void aPostedJsonBodyAndModelledHeadersReachTheRoute() throws Exception {
    connect();
    Map<String, String> seen = echoed(send(request(HttpMethod.POST, "/echo", "{\"text\":\"héllo\"}",
        "Content-Type", "application/json",
        "Authorization", "Bearer t0k3n",
        "Origin", "https://app.example.com")));
    assertEquals("POST", seen.get("method"));
    assertEquals("{\"text\":\"héllo\"}", seen.get("body"));
    assertEquals("application/json", seen.get("content-type"));
    assertEquals("Bearer t0k3n", seen.get("authorization"));
    assertEquals("Bearer", seen.get("credentials"));
    assertEquals("https://app.example.com", seen.get("origin"));
  }

  @Test
  void aCustomMethodAndHttp10ReachTheRouteAndKeepAliveIsSaidExplicitly() throws Exception {
    connect();
    FullHttpRequest request = request(HttpMethod.valueOf("PURGE"), "/echo", "", "Connection", "keep-alive");
    request.setProtocolVersion(HttpVersion.HTTP_1_0);
    FullHttpResponse response = send(request);
    Map<String, String> seen = echoed(response);
    assertEquals("PURGE", seen.get("method"));
    assertEquals("HTTP/1.0", seen.get("protocol"));
    assertEquals(HttpVersion.HTTP_1_0, response.protocolVersion());
    assertEquals("keep-alive", response.headers().get(HttpHeaderNames.CONNECTION));
    assertTrue(channel.isOpen());
  }

  @Test
  void withoutAHostTheUriNamesTheLoopbackAndTheTlsScheme() throws Exception {
    connect(routes().seal().handler(testKit.system()), true, TIMEOUT);
    FullHttpRequest request = get("/echo?q=1");
    request.headers().remove(HttpHeaderNames.HOST);
    assertEquals("https://127.0.0.1/echo?q=1", echoed(send(request)).get("uri"));
  }

  @Test
  void theStatusHeadersAndBodyOfTheRouteComeBack() throws Exception {
    connect();
    FullHttpResponse response = send(get("/created"));
    assertEquals(201, response.status().code());
    assertEquals("Created", response.status().reasonPhrase());
    assertEquals("7", response.headers().get("X-Kanal-Id"));
    assertEquals("/items/7", response.headers().get(HttpHeaderNames.LOCATION));
    assertEquals("application/json", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
    assertEquals(CREATED_JSON, body(response));
    assertLengthMatchesBody(response);
  }

  @Test
  void aHeadRequestGetsTheLengthButNoBody() throws Exception {
    connect();
    FullHttpResponse response = send(request(HttpMethod.HEAD, "/created", ""));
    assertEquals(201, response.status().code());
    assertEquals(0, response.content().readableBytes());
    assertEquals(String.valueOf(CREATED_JSON.length()), response.headers().get(HttpHeaderNames.CONTENT_LENGTH));
    assertEquals("application/json", response.headers().get(HttpHeaderNames.CONTENT_TYPE));
  }

  @Test
  void noContentHasNeitherTypeNorLength() throws Exception {
    connect();
    FullHttpResponse response = send(get("/empty"));
    assertEquals(204, response.status().code());
    assertEquals(0, response.content().readableBytes());
    assertFalse(response.headers().contains(HttpHeaderNames.CONTENT_TYPE));
    assertFalse(response.headers().contains(HttpHeaderNames.CONTENT_LENGTH));
  }

  @Test
  void anUnknownPathIsNotFoundBySealedRoutes() throws Exception {
    connect();
    FullHttpResponse response = send(get("/nowhere"));
    assertEquals(404, response.status().code());
    assertEquals("The requested resource could not be found.", body(response));
    assertLengthMatchesBody(response);
  }

  @Test
  void anUnparsableContentTypeStillReachesTheRouteAsOctetStream() throws Exception {
    connect();
    Map<String, String> seen = echoed(send(request(HttpMethod.POST, "/echo", "raw bytes", "Content-Type", "not a type")));
    assertEquals("application/octet-stream", seen.get("content-type"));
    assertEquals("raw bytes", seen.get("body"));
  }

  @Test
  void connectionCloseClosesTheChannelAfterTheAnswer() throws Exception {
    connect();
    FullHttpResponse response = send(get("/created", "Connection", "close"));
    assertEquals(201, response.status().code());
    assertEquals("close", response.headers().get(HttpHeaderNames.CONNECTION));
    assertFalse(channel.isOpen());
  }

  @Test
  void pipelinedRequestsAreAnsweredInTheOrderTheyCame() throws Exception {
    connect();
    channel.writeInbound(get("/slow"), get("/slow"), get("/fast"));
    assertEquals("slow", body(written.next()));
    assertEquals("slow", body(written.next()));
    assertEquals("fast", body(written.next()));
  }

  @Test
  void aFailedHandlerGivesA500() throws Exception {
    connect(request -> CompletableFuture.failedFuture(new IllegalStateException("route broke")), false, TIMEOUT);
    FullHttpResponse response = send(get("/anything"));
    assertEquals(500, response.status().code());
    assertEquals("Internal Server Error", body(response));
    assertLengthMatchesBody(response);
    assertTrue(channel.isOpen());
  }

  @Test
  void aThrowingHandlerGivesA500() throws Exception {
    connect(request -> {
      throw new IllegalStateException("route broke");
    }, false, TIMEOUT);
    assertEquals(500, send(get("/anything")).status().code());
  }

  @Test
  void aHandlerThatNeverAnswersGivesA500AfterTheTimeout() throws Exception {
    connect(request -> new CompletableFuture<>(), false, Duration.ofMillis(200));
    assertEquals(500, send(get("/anything")).status().code());
  }

  @Test
  void aHostPekkoCannotModelIsABadRequestThatNeverReachesTheRoutes() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    connect(request -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture(HttpResponse.create());
    }, false, TIMEOUT);
    FullHttpResponse response = send(get("/echo", "Host", "bad host"));
    assertEquals(400, response.status().code());
    assertEquals(0, calls.get());
  }

  /**
   * Hands each written answer to the test thread, which then completes the write: the bridge writes
   * from Pekko's threads, and EmbeddedChannel is not thread-safe, so what the completed write sets
   * off (closing, reading the next request) must run here.
   */
  static final class Written extends ChannelOutboundHandlerAdapter {
    private final BlockingQueue<Map.Entry<FullHttpResponse, ChannelPromise>> writes = new LinkedBlockingQueue<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      writes.add(Map.entry((FullHttpResponse) msg, promise));
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      // the answer went to the test thread; nothing reaches the channel
    }

    FullHttpResponse next() throws InterruptedException {
      Map.Entry<FullHttpResponse, ChannelPromise> write = writes.poll(5, SECONDS);
      assertNotNull(write, "no answer within 5 s");
      write.getValue().setSuccess();
      return write.getKey();
    }
  }
}
