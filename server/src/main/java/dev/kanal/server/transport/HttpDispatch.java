package dev.kanal.server.transport;

import dev.kanal.server.dialect.Endpoint;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.Optional;

/**
 * The last handler of a connection until it upgrades: a request to a socket endpoint goes to
 * {@link WebSocketUpgrade}, every other request to the HTTP API's routes. A connection that stays
 * idle past {@code kanal.http.idle-timeout} is closed.
 */
final class HttpDispatch extends ChannelInboundHandlerAdapter {
  private final WebSocketUpgrade upgrade;
  private final RouteBridge routes;

  HttpDispatch(WebSocketUpgrade upgrade, RouteBridge routes) {
    this.upgrade = upgrade;
    this.routes = routes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (!request.decoderResult().isSuccess()) {
      TextResponse.send(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
      request.release();
      return;
    }
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    Optional<Endpoint> endpoint = upgrade.endpointAt(query.path());
    if (endpoint.isPresent()) {
      try {
        upgrade.serve(ctx, request, query, endpoint.get());
      } finally {
        request.release();
      }
    } else {
      routes.serve(ctx, request);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof IdleStateEvent) {
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(event);
    }
  }
}
