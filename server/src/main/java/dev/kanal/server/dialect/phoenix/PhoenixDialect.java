package dev.kanal.server.dialect.phoenix;

import dev.kanal.persistence.collection.Change;
import dev.kanal.protocol.Broadcast;
import dev.kanal.protocol.Frame;
import dev.kanal.protocol.Payload;
import dev.kanal.protocol.Serializer;
import dev.kanal.protocol.Serializers;
import dev.kanal.server.channel.ChangeEvent;
import dev.kanal.server.dialect.ClientCommand;
import dev.kanal.server.dialect.ServerEvent;
import java.util.List;
import java.util.Optional;

/** Phoenix Channels over one of its serializers (V1 JSON objects, V2 JSON arrays and binary frames). */
public final class PhoenixDialect extends SerializedDialect {
  public static final String NAME = "phoenix";
  public static final PhoenixDialect V1 = new PhoenixDialect(Serializers.V1);
  public static final PhoenixDialect V2 = new PhoenixDialect(Serializers.V2);

  private final PhoenixEvents encoder;

  private PhoenixDialect(Serializer serializer) {
    super(serializer);
    this.encoder = new PhoenixEvents(serializer);
  }

  /** The variant a client's {@code vsn} asks for; a missing vsn means 1.0.0, as in Phoenix. */
  public static Optional<PhoenixDialect> forVsn(String vsn) {
    return forVsn(vsn, V1, V2);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ClientCommand decode(Frame frame) {
    return PhoenixCommands.of(serializer.decode(frame));
  }

  @Override
  public List<Frame> encode(ServerEvent event) {
    return List.of(event.encodeWith(encoder));
  }

  @Override
  public Frame broadcast(Broadcast broadcast) {
    return serializer.fastlane(broadcast);
  }

  @Override
  public Frame change(String topic, Change change) {
    return serializer.fastlane(new Broadcast(topic, ChangeEvent.EVENT, Payload.json(ChangeEvent.payload(change))));
  }
}
