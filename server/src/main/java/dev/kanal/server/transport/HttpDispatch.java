package dev.kanal.server.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The last handler of a connection until it upgrades: a Phoenix socket request goes to
 * {@link PhoenixUpgrade}, every other request to the HTTP API's routes. A connection that stays
 * idle past {@code kanal.http.idle-timeout} is closed.
 */
final class HttpDispatch extends ChannelInboundHandlerAdapter {
  private final PhoenixUpgrade upgrade;
  private final RouteBridge routes;

  HttpDispatch(PhoenixUpgrade upgrade, RouteBridge routes) {
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
    if (query.path().equals(PhoenixUpgrade.PATH)) {
      try {
        upgrade.serve(ctx, request, query);
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
