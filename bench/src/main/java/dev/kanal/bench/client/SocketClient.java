package dev.kanal.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens WebSocket connections for the load generator: thousands of sockets on a few event loop
 * threads, never a thread per socket.
 */
public final class SocketClient implements AutoCloseable {
  /** Presence state for thousands of members runs to megabytes. */
  private static final int MAX_FRAME_BYTES = 64 << 20;
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

  private final Dialect dialect;
  private final NioEventLoopGroup group;
  private final Bootstrap bootstrap;
  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final AtomicInteger closedByServer = new AtomicInteger();
  private volatile boolean closing;

  public SocketClient(int threads, Dialect dialect) {
    this.dialect = dialect;
    this.group = new NioEventLoopGroup(threads);
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
  }

  /** Sockets that closed before this client was closed: the server dropped them. */
  public int closedByServer() {
    return closedByServer.get();
  }

  /** Connects and completes once the WebSocket handshake is done. */
  public CompletableFuture<BenchSocket> connect(URI base, FrameListener listener) {
    URI uri = webSocketUri(dialect.socketUri(base));
    CompletableFuture<BenchSocket> opened = new CompletableFuture<>();
    ChannelFuture connecting = bootstrap.clone()
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .maxFramePayloadLength(MAX_FRAME_BYTES)
                .handshakeTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .build();
            channel.pipeline().addLast(
                new HttpClientCodec(),
                new HttpObjectAggregator(64 * 1024),
                new WebSocketClientProtocolHandler(config),
                new WebSocketFrameAggregator(MAX_FRAME_BYTES),
                new Handler(new BenchSocket(channel, dialect, listener), opened));
          }
        })
        .connect(uri.getHost(), uri.getPort());
    connecting.addListener(f -> {
      if (f.isSuccess()) {
        channels.add(connecting.channel());
      } else {
        opened.completeExceptionally(f.cause());
      }
    });
    return opened;
  }

  /** Closes every socket and waits for the event loops to stop. */
  @Override
  public void close() {
    closing = true;
    channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
    group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
  }

  private static URI webSocketUri(URI uri) {
    String scheme = "https".equals(uri.getScheme()) ? "wss" : "ws";
    int port = uri.getPort() != -1 ? uri.getPort() : "wss".equals(scheme) ? 443 : 80;
    try {
      return new URI(scheme, null, uri.getHost(), port, uri.getPath(), uri.getQuery(), null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Reports the handshake's end and routes text frames; Netty's handler answers pings and closes. */
  private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private final BenchSocket socket;
    private final CompletableFuture<BenchSocket> opened;

    Handler(BenchSocket socket, CompletableFuture<BenchSocket> opened) {
      this.socket = socket;
      this.opened = opened;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
      if (frame instanceof TextWebSocketFrame) {
        socket.onText(frame.content(), System.nanoTime());
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
        socket.startHeartbeat();
        opened.complete(socket);
      } else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
        opened.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
        ctx.close();
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (!opened.completeExceptionally(new IllegalStateException("closed during the WebSocket handshake"))
          && !closing && !socket.closedHere()) {
        closedByServer.incrementAndGet();
      }
      socket.onClosed();
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      opened.completeExceptionally(cause);
      ctx.close();
    }
  }
}
