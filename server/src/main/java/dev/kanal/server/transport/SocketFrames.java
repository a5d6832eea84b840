package dev.kanal.server.transport;

import dev.kanal.protocol.Frame;
import dev.kanal.server.session.Session;
import dev.kanal.server.topic.Subscriber;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upgraded connection: whole frames (fragments already joined) go to the
 * socket actor, pings are answered, a client's close is echoed, and the end of the connection
 * tells the actor. A frame over {@code max-frame-bytes} is not kept: the actor is told, so it can
 * say why before it closes.
 */
final class SocketFrames extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final Logger log = LoggerFactory.getLogger(SocketFrames.class);

  private final ActorRef<Subscriber.Message> socket;
  private final NettyConnection connection;
  private final int maxFrameBytes;

  SocketFrames(ActorRef<Subscriber.Message> socket, NettyConnection connection, int maxFrameBytes) {
    this.socket = socket;
    this.connection = connection;
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame text) {
      inbound(new Frame.Text(text.text()));
    } else if (frame instanceof BinaryWebSocketFrame binary) {
      inbound(new Frame.Binary(ByteBufUtil.getBytes(binary.content())));
    } else if (frame instanceof PingWebSocketFrame ping) {
      ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
    } else if (frame instanceof CloseWebSocketFrame close) {
      ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), "")).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private void inbound(Frame frame) {
    connection.received();
    socket.tell(new Session.Inbound(frame));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      connection.drain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    socket.tell(new Session.Disconnected("the connection closed"));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (tooLarge(cause)) {
      socket.tell(new Session.TooLarge("a frame exceeds max-frame-bytes " + maxFrameBytes));
    } else if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      log.debug("Closing a socket that broke the WebSocket protocol: {}", corrupted.getMessage());
      ctx.writeAndFlush(new CloseWebSocketFrame(corrupted.closeStatus())).addListener(ChannelFutureListener.CLOSE);
    } else {
      if (!(cause instanceof IOException)) {
        log.warn("Closing a socket after an unexpected error", cause);
      } else if (!(cause instanceof ClosedChannelException)) {
        log.debug("Socket connection failed: {}", cause.getMessage());
      }
      ctx.close();
    }
  }

  private static boolean tooLarge(Throwable cause) {
    return cause instanceof TooLongFrameException
        || cause instanceof CorruptedWebSocketFrameException corrupted
            && WebSocketCloseStatus.MESSAGE_TOO_BIG.equals(corrupted.closeStatus());
  }
}
