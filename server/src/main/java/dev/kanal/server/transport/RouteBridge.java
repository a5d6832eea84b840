package dev.kanal.server.transport;

import static io.netty.handler.codec.http.HttpHeaderNames.CONNECTION;
import static io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE;
import static io.netty.handler.codec.http.HttpHeaderNames.HOST;
import static io.netty.handler.codec.http.HttpHeaderValues.CLOSE;
import static io.netty.handler.codec.http.HttpHeaderValues.KEEP_ALIVE;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpProtocols;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.RequestEntityAcceptances;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the plain HTTP requests that reach the Netty listener with the node's Pekko HTTP routes, so
 * that the REST API, health, metrics and CORS stay as they are written while Netty owns the socket
 * for lean WebSockets. Requests are given to the routes as Pekko's own server would give them.
 *
 * <p>HTTP/1.1 lets a client send requests before the earlier ones are answered, and the answers
 * must leave in the same order. So nothing more is read from a connection while one of its requests
 * is served: {@link #serve} turns auto-read off and the written answer turns it on again. A decoder
 * hands on every request it finds in one read whatever auto-read says, so the pipeline must put a
 * {@link io.netty.handler.flow.FlowControlHandler} in front of the handler that calls {@code serve},
 * to hold those back until the next read.
 */
final class RouteBridge {
  private static final Logger LOG = LoggerFactory.getLogger(RouteBridge.class);
  /** Pekko carries these on the entity, never among the headers; Netty's aggregator applied the framing. */
  private static final Set<String> ENTITY_HEADERS = Set.of("content-type", "content-length", "transfer-encoding");
  private static final String NO_HOST = "127.0.0.1";
  /** Setting auto-read asks for the next read itself; a second read would let two requests in at once. */
  private static final ChannelFutureListener READ_NEXT = written -> {
    if (written.isSuccess()) {
      written.channel().config().setAutoRead(true);
    } else {
      written.channel().close();
    }
  };

  private final Function<HttpRequest, CompletionStage<HttpResponse>> handler;
  private final Materializer materializer;
  private final String scheme;
  private final long timeoutMillis;

  /**
   * @param handler the sealed routes, as {@link org.apache.pekko.http.javadsl.server.Route#handler} gives them
   * @param materializer runs the streams of the routes' answers
   * @param https whether the listener speaks TLS: the scheme of the URIs the routes see
   * @param responseTimeout how long the routes may take to answer, body included, before the client gets a 500
   */
  RouteBridge(Function<HttpRequest, CompletionStage<HttpResponse>> handler, Materializer materializer, boolean https,
      Duration responseTimeout) {
    this.handler = handler;
    this.materializer = materializer;
    this.scheme = https ? "https" : "http";
    this.timeoutMillis = responseTimeout.toMillis();
  }

  /** Answers {@code request} on its channel, later; takes ownership of the request. */
  void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
    ctx.channel().config().setAutoRead(false);
    HttpVersion version = request.protocolVersion();
    boolean head = request.method().equals(HttpMethod.HEAD);
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpRequest converted;
    try {
      converted = toPekko(ctx, request);
    } catch (RuntimeException unmodelled) {
      LOG.debug("Refused a request Pekko cannot model", unmodelled);
      write(ctx, plain(version, StatusCodes.BAD_REQUEST, head), keepAlive);
      return;
    } finally {
      request.release();
    }
    CompletableFuture.completedFuture(converted)
        .thenCompose(this::handle)
        .thenCompose(response -> response.entity().toStrict(timeoutMillis, materializer)
            .thenApply(entity -> toNetty(version, response.status(), response.getHeaders(), entity, head)))
        .orTimeout(timeoutMillis, MILLISECONDS)
        .whenComplete((response, failure) -> {
          if (failure != null) {
            LOG.warn("No answer to {} {}", converted.method().value(), converted.getUri(), failure);
          }
          write(ctx, failure == null ? response : plain(version, StatusCodes.INTERNAL_SERVER_ERROR, head), keepAlive);
        });
  }

  private CompletionStage<HttpResponse> handle(HttpRequest request) {
    try {
      return handler.apply(request);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** {@link HttpDispatch} has already answered requests Netty could not decode. */
  private HttpRequest toPekko(ChannelHandlerContext ctx, FullHttpRequest request) {
    String method = request.method().name();
    String target = request.uri();
    // a proxy's absolute-form target already names its scheme and host
    String uri = target.startsWith("/") ? scheme + "://" + request.headers().get(HOST, NO_HOST) + target : target;
    String contentType = null;
    List<HttpHeader> headers = new ArrayList<>();
    for (Map.Entry<String, String> header : request.headers()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.equals("content-type")) {
        contentType = header.getValue();
      } else if (!ENTITY_HEADERS.contains(name)) {
        headers.add(HttpHeader.parse(header.getKey(), header.getValue()));
      }
    }
    byte[] body = ByteBufUtil.getBytes(request.content());
    HttpRequest converted = HttpRequest.create()
        .withMethod(HttpMethods.lookup(method)
            .orElseGet(() -> HttpMethods.custom(method, false, false, RequestEntityAcceptances.Tolerated)))
        .withUri(Uri.create(uri))
        .withProtocol(request.protocolVersion().equals(HttpVersion.HTTP_1_0) ? HttpProtocols.HTTP_1_0 : HttpProtocols.HTTP_1_1)
        .addHeaders(headers)
        .withEntity(HttpEntities.create(contentType(contentType, body.length), body));
    return ctx.channel().remoteAddress() instanceof InetSocketAddress remote
        ? converted.addAttribute(AttributeKeys.remoteAddress, RemoteAddress.create(remote))
        : converted;
  }

  /** As Pekko's parser: a body without a type is octet-stream, and so is one whose type is unparsable. */
  private static ContentType contentType(String header, int bodyLength) {
    if (header == null) {
      return bodyLength == 0 ? ContentTypes.NO_CONTENT_TYPE : ContentTypes.APPLICATION_OCTET_STREAM;
    }
    try {
      return ContentTypes.parse(header);
    } catch (RuntimeException unparsable) {
      return ContentTypes.APPLICATION_OCTET_STREAM;
    }
  }

  /** The answer to a HEAD request tells the length of the body it leaves out. */
  private static FullHttpResponse toNetty(HttpVersion version, StatusCode status, Iterable<HttpHeader> headers,
      HttpEntity.Strict entity, boolean head) {
    boolean withBody = status.allowsEntity() && !head;
    FullHttpResponse response = new DefaultFullHttpResponse(version,
        new HttpResponseStatus(status.intValue(), status.reason()),
        withBody ? Unpooled.wrappedBuffer(entity.getData().asByteBuffer()) : Unpooled.EMPTY_BUFFER);
    for (HttpHeader header : headers) {
      if (!ENTITY_HEADERS.contains(header.lowercaseName())) {
        response.headers().add(header.name(), header.value());
      }
    }
    if (status.allowsEntity()) {
      if (!entity.getContentType().equals(ContentTypes.NO_CONTENT_TYPE)) {
        response.headers().set(CONTENT_TYPE, entity.getContentType().toString());
      }
      HttpUtil.setContentLength(response, entity.getData().size());
    }
    return response;
  }

  private static FullHttpResponse plain(HttpVersion version, StatusCode status, boolean head) {
    return toNetty(version, status, List.of(), HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, status.reason()), head);
  }

  private static void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
    boolean open = keepAlive && !response.headers().containsValue(CONNECTION, CLOSE, true);
    if (!open) {
      response.headers().set(CONNECTION, CLOSE);
    } else if (!response.protocolVersion().isKeepAliveDefault()) {
      response.headers().set(CONNECTION, KEEP_ALIVE);
    }
    ctx.writeAndFlush(response, ctx.newPromise().addListener(open ? READ_NEXT : ChannelFutureListener.CLOSE));
  }
}
