package dev.kanal.server.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;

/**
 * The place in a channel's pipeline where bytes already framed for the wire enter it: after TLS,
 * before every codec. A socket's frames are written from here, so each one passes only the handlers
 * that still apply to it instead of walking the whole pipeline, whose contexts are otherwise fetched
 * from memory once per socket and broadcast.
 */
@ChannelHandler.Sharable
final class WireEntry extends ChannelHandlerAdapter {
  static final String NAME = "wire";
  static final WireEntry INSTANCE = new WireEntry();

  private WireEntry() {}

  /** Adds the entry at the end of {@code pipeline}; call it after TLS and before any codec. */
  static void addTo(ChannelPipeline pipeline) {
    pipeline.addLast(NAME, INSTANCE);
  }

  /** The context to write {@code channel}'s framed bytes from. */
  static ChannelHandlerContext of(Channel channel) {
    ChannelHandlerContext context = channel.pipeline().context(NAME);
    if (context == null) {
      throw new IllegalStateException("the channel's pipeline has no " + NAME + " entry");
    }
    return context;
  }
}
