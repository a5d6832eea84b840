package dev.kanal.server.transport;

import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.config.AuthSettings;
import dev.kanal.server.config.Limits;
import dev.kanal.server.dialect.Dialect;
import dev.kanal.server.dialect.Endpoint;
import dev.kanal.server.dialect.Handshake;
import dev.kanal.server.metrics.KanalMetrics;
import dev.kanal.server.topic.Subscriber;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateHandler;
import org.apache.pekko.actor.typed.ActorRef;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The HTTP side of every socket endpoint (Phoenix, Supabase, …), found by path. It only negotiates:
 * the method, the origin, the dialect variant from {@code vsn}, the principal from the token where
 * the endpoint's dialect carries it; then it hands the upgraded connection to a session. A bad
 * token or an origin that {@code kanal.http.check-origin} does not allow refuses the upgrade with 403.
 */
public final class WebSocketUpgrade {
  private final Map<String, Endpoint> endpoints;
  private final AuthSettings auth;
  private final TokenVerifier verifier;
  private final SocketConnector connector;
  private final OriginCheck originCheck;
  private final Limits limits;
  private final KanalMetrics metrics;
  private final WebSocketDecoderConfig decoderConfig;

  public WebSocketUpgrade(
      List<Endpoint> endpoints,
      AuthSettings auth,
      TokenVerifier verifier,
      SocketConnector connector,
      OriginCheck originCheck,
      Limits limits,
      KanalMetrics metrics) {
    this.endpoints = endpoints.stream().collect(Collectors.toUnmodifiableMap(Endpoint::path, Function.identity()));
    this.auth = auth;
    this.verifier = verifier;
    this.connector = connector;
    this.originCheck = originCheck;
    this.limits = limits;
    this.metrics = metrics;
    // The session says why it closes on an oversize frame, so the decoder must not close first.
    this.decoderConfig = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(limits.maxFrameBytes())
        .closeOnProtocolViolation(false)
        .build();
  }

  /** The endpoint at {@code path}, if a socket endpoint is there. */
  Optional<Endpoint> endpointAt(String path) {
    return Optional.ofNullable(endpoints.get(path));
  }

  /** Answers the request, or upgrades its connection; the request is released by the caller. */
  void serve(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query, Endpoint endpoint) {
    if (!request.method().equals(HttpMethod.GET)) {
      TextResponse.send(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "a socket is opened with GET");
      return;
    }
    if (!request.headers().containsValue(HttpHeaderNames.UPGRADE, "websocket", true)) {
      TextResponse.send(ctx, request, HttpResponseStatus.BAD_REQUEST, "expected a WebSocket upgrade request");
      return;
    }
    if (!originCheck.allows(Optional.ofNullable(request.headers().get(HttpHeaderNames.ORIGIN)))) {
      TextResponse.send(ctx, request, HttpResponseStatus.FORBIDDEN, "origin not allowed");
      return;
    }
    Handshake handshake = new Handshake(query.parameters(), requestedProtocols(request));
    Optional<String> vsn = handshake.param("vsn");
    Optional<Dialect> dialect = endpoint.dialect(vsn);
    if (dialect.isEmpty()) {
      TextResponse.send(ctx, request, HttpResponseStatus.FORBIDDEN,
          "unsupported protocol version \"" + vsn.orElse("") + "\"");
      return;
    }
    Optional<String> token = endpoint.token(handshake);
    Principal principal;
    if (token.isPresent()) {
      TokenVerifier.Verification verification = verifier.verify(token.get());
      if (verification instanceof TokenVerifier.Verification.Refused refused) {
        TextResponse.send(ctx, request, HttpResponseStatus.FORBIDDEN, "invalid token: " + refused.reason());
        return;
      }
      principal = ((TokenVerifier.Verification.Verified) verification).principal();
    } else if (auth.anonymous()) {
      principal = Principal.anonymous();
    } else {
      TextResponse.send(ctx, request, HttpResponseStatus.FORBIDDEN, "a token is required");
      return;
    }
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(endpoint.path(), endpoint.subprotocols(), decoderConfig)
            .newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    NettyConnection connection = new NettyConnection(ctx.channel(), limits.outboundBuffer(), metrics);
    Optional<ActorRef<Subscriber.Message>> session =
        connector.tryConnect(connection, dialect.get(), principal);
    if (session.isEmpty()) {
      TextResponse.send(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE,
          "this node takes no more connections (at its maximum, not yet a cluster member, or shutting down)");
      return;
    }
    handshaker.handshake(ctx.channel(), request);
    // The handshake put the frame decoder in place already; the socket's handlers must follow it
    // before the next read. The heartbeat decides when a socket is idle, not the HTTP timeout.
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.remove(IdleStateHandler.class);
    pipeline.addBefore(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(decoderConfig.maxFramePayloadLength()));
    pipeline.replace(ctx.name(), "socket", new SocketFrames(session.get(), connection, limits.maxFrameBytes()));
  }

  private static List<String> requestedProtocols(FullHttpRequest request) {
    return request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL).stream()
        .flatMap(header -> Arrays.stream(header.split(",")))
        .map(String::trim)
        .filter(protocol -> !protocol.isEmpty())
        .toList();
  }
}
