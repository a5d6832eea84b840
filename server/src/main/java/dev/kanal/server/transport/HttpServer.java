package dev.kanal.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import dev.kanal.server.config.HttpSettings;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.Materializer;

/**
 * The node's one HTTP port, served by Netty: WebSockets upgrade into lean connections owned by
 * socket actors, and every other request goes to the HTTP API's Pekko routes. TLS, when configured,
 * covers both.
 */
public final class HttpServer {
  /** Enough for a room of displays reconnecting at once; the kernel caps it at somaxconn. */
  private static final int BACKLOG = 1024;
  /** How long an API route may take to answer before the client gets 500. */
  private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final Channel listening;

  private HttpServer(EventLoopGroup acceptor, EventLoopGroup workers, Channel listening) {
    this.acceptor = acceptor;
    this.workers = workers;
    this.listening = listening;
  }

  /** How a connection is served: upgrades to sockets, the API's routes for the rest, maybe TLS. */
  private record Handlers(WebSocketUpgrade upgrade, RouteBridge routes, Optional<SslContext> tls, HttpSettings http) {}

  /**
   * Binds {@code kanal.http}'s host and port; completes with the server once it listens, or fails
   * if it cannot.
   */
  public static CompletionStage<HttpServer> bind(
      ActorSystem<?> system, HttpSettings http, Optional<SSLContext> tls, WebSocketUpgrade sockets, Route routes) {
    RouteBridge bridge = new RouteBridge(
        routes.handler(system), Materializer.matFromSystem(system), tls.isPresent(), RESPONSE_TIMEOUT);
    return bind(http.host(), http.port(), new Handlers(
        sockets, bridge, tls.map(context -> new JdkSslContext(context, false, ClientAuth.NONE)), http));
  }

  private static CompletionStage<HttpServer> bind(String host, int port, Handlers handlers) {
    EventLoopGroup acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("kanal-accept", true));
    EventLoopGroup workers =
        new NioEventLoopGroup(handlers.http().ioThreads(), new DefaultThreadFactory("kanal-io", true));
    CompletableFuture<HttpServer> bound = new CompletableFuture<>();
    ChannelFuture binding = new ServerBootstrap()
        .group(acceptor, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, BACKLOG)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            pipeline(channel.pipeline(), handlers);
          }
        })
        .bind(new InetSocketAddress(host, port));
    binding.addListener(done -> {
      if (done.isSuccess()) {
        bound.complete(new HttpServer(acceptor, workers, binding.channel()));
      } else {
        acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        bound.completeExceptionally(done.cause());
      }
    });
    return bound;
  }

  private static void pipeline(ChannelPipeline pipeline, Handlers handlers) {
    handlers.tls().ifPresent(tls -> pipeline.addLast("tls", tls.newHandler(pipeline.channel().alloc())));
    WireEntry.addTo(pipeline);
    Duration idle = handlers.http().idleTimeout();
    pipeline.addLast("http", new HttpServerCodec())
        .addLast("http-aggregator", new HttpObjectAggregator(handlers.http().maxRequestBytes()))
        .addLast("idle", new IdleStateHandler(0, 0, idle.toMillis(), TimeUnit.MILLISECONDS))
        .addLast("flow", new FlowControlHandler())
        .addLast("dispatch", new HttpDispatch(handlers.upgrade(), handlers.routes()));
  }

  public InetSocketAddress localAddress() {
    return (InetSocketAddress) listening.localAddress();
  }

  /** Stops listening; open connections stay until their sockets close. */
  public CompletionStage<Void> unbind() {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    listening.close().addListener(done -> closed.complete(null));
    return closed.thenRun(() -> acceptor.shutdownGracefully(0, 0, TimeUnit.SECONDS));
  }

  /** Closes the I/O threads once every socket has closed. */
  public void stop() {
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
