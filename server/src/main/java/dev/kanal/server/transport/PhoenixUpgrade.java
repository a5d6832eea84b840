package dev.kanal.server.transport;

import dev.kanal.protocol.Serializer;
import dev.kanal.protocol.Serializers;
import dev.kanal.server.auth.BearerToken;
import dev.kanal.server.auth.Principal;
import dev.kanal.server.auth.TokenVerifier;
import dev.kanal.server.config.AuthSettings;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /socket/websocket}: the HTTP side of a Phoenix socket. It only negotiates: the
 * serializer from {@code vsn}, the principal from the token, the {@code phoenix} subprotocol; then it
 * hands the upgraded connection to a socket actor. A bad token or an origin that
 * {@code kanal.http.check-origin} does not allow refuses the upgrade with 403.
 */
public final class PhoenixUpgrade {
  static final String PATH = "/socket/websocket";

  private final AuthSettings auth;
  private final TokenVerifier verifier;
  private final SocketConnector connector;
  private final OriginCheck originCheck;
  private final WebSocketDecoderConfig decoderConfig;

  public PhoenixUpgrade(
      AuthSettings auth, TokenVerifier verifier, SocketConnector connector, OriginCheck originCheck, int maxFrameBytes) {
    this.auth = auth;
    this.verifier = verifier;
    this.connector = connector;
    this.originCheck = originCheck;
    // The socket actor says why it closes on an oversize frame, so the decoder must not close first.
    this.decoderConfig = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(maxFrameBytes)
        .closeOnProtocolViolation(false)
        .build();
  }

  /** Answers the request, or upgrades its connection; the request is released by the caller. */
  void serve(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query) {
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
    Optional<String> vsn = first(query, "vsn");
    Optional<Serializer> serializer = Serializers.forVsn(vsn.orElse(null));
    if (serializer.isEmpty()) {
      TextResponse.send(ctx, request, HttpResponseStatus.FORBIDDEN,
          "unsupported protocol version \"" + vsn.orElse("") + "\"");
      return;
    }
    List<String> protocols = requestedProtocols(request);
    Optional<String> token = first(query, "token").or(() -> BearerToken.fromSubprotocols(protocols));
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
        new WebSocketServerHandshakerFactory(PATH, BearerToken.PHOENIX_SUBPROTOCOL, decoderConfig)
            .newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    Optional<SocketFrames> socket = connector.tryConnect(ctx.channel(), serializer.get(), principal);
    if (socket.isEmpty()) {
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
    pipeline.replace(ctx.name(), "socket", socket.get());
  }

  private static Optional<String> first(QueryStringDecoder query, String name) {
    List<String> values = query.parameters().get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  private static List<String> requestedProtocols(FullHttpRequest request) {
    return request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL).stream()
        .flatMap(header -> Arrays.stream(header.split(",")))
        .map(String::trim)
        .filter(protocol -> !protocol.isEmpty())
        .toList();
  }
}
