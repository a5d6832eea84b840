package dev.kanal.server.dialect.phoenix;

import dev.kanal.protocol.Events;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Reply;
import dev.kanal.protocol.Serializer;
import dev.kanal.server.channel.Replies;
import dev.kanal.server.dialect.ServerEvent;

/** A session's events as Phoenix frames, the way Phoenix's socket and channel servers send them. */
public final class PhoenixEvents implements ServerEvent.Encoder<Frame> {
  private final Serializer serializer;

  public PhoenixEvents(Serializer serializer) {
    this.serializer = serializer;
  }

  @Override
  public Frame answered(ServerEvent.Answered answered) {
    return serializer.encode(new Reply(
        answered.to().joinRef(), answered.to().ref(), answered.to().topic(), answered.status(), answered.response()));
  }

  @Override
  public Frame refused(ServerEvent.Refused refused) {
    return serializer.encode(Reply.error(
        refused.to().joinRef(), refused.to().ref(), refused.to().topic(), Replies.reason(refused.reason())));
  }

  /** Phoenix closes a channel with {@code phx_close} whose ref and join_ref are both the join's ref. */
  @Override
  public Frame closed(ServerEvent.Closed closed) {
    return serializer.encode(new Message(
        closed.of().joinRef(), closed.of().joinRef(), closed.of().topic(), Events.CLOSE, Payload.EMPTY));
  }

  @Override
  public Frame pushed(ServerEvent.Pushed pushed) {
    return serializer.encode(new Message(pushed.to().joinRef(), null, pushed.to().topic(), pushed.event(), pushed.payload()));
  }

  /** A last {@code phx_error} on topic {@code phoenix} that says why, for clients that show frames but not close reasons. */
  @Override
  public Frame closing(ServerEvent.Closing closing) {
    return serializer.encode(new Message(null, null, Events.PHOENIX_TOPIC, Events.ERROR, Replies.reason(closing.reason())));
  }
}
