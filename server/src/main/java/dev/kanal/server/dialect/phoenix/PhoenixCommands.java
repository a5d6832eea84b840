package dev.kanal.server.dialect.phoenix;

import dev.kanal.protocol.Decoded;
import dev.kanal.protocol.Events;
import dev.kanal.protocol.Message;
import dev.kanal.protocol.Payload;
import dev.kanal.server.dialect.ClientCommand;
import dev.kanal.server.channel.JoinParams;
import dev.kanal.server.dialect.ClientRef;
import java.util.function.Function;

/**
 * Turns a decoded Phoenix message into a command. Shared by every dialect built on Phoenix
 * Channels, so a channel's subscription is named by its topic.
 */
public final class PhoenixCommands {
  /** The push a client sends on a joined channel to replace the socket's token, as Supabase clients do. */
  public static final String ACCESS_TOKEN = "access_token";

  private PhoenixCommands() {}

  public static ClientCommand of(Decoded decoded) {
    if (decoded instanceof Decoded.Ok ok) {
      return of(ok.message());
    }
    return new ClientCommand.Invalid(
        ClientRef.socket(Events.PHOENIX_TOPIC, null), ((Decoded.Invalid) decoded).reason());
  }

  /** A join whose payload {@code reader} reads, or why its payload cannot be one. */
  public static ClientCommand join(Message message, Function<Payload, JoinParams> reader) {
    ClientRef from = new ClientRef(message.topic(), message.topic(), message.joinRef(), message.ref());
    return PhoenixJoinPayload.problem(message.payload())
        .<ClientCommand>map(problem -> new ClientCommand.Invalid(from, problem))
        .orElseGet(() -> new ClientCommand.Join(from, reader.apply(message.payload())));
  }

  public static ClientCommand of(Message message) {
    ClientRef from = new ClientRef(message.topic(), message.topic(), message.joinRef(), message.ref());
    String event = message.event();
    if (message.topic().equals(Events.PHOENIX_TOPIC) && event.equals(Events.HEARTBEAT)) {
      return new ClientCommand.Heartbeat(ClientRef.socket(Events.PHOENIX_TOPIC, message.ref()));
    }
    if (event.equals(Events.JOIN)) {
      return join(message, PhoenixJoinPayload::parse);
    }
    if (event.equals(Events.LEAVE)) {
      return new ClientCommand.Leave(from);
    }
    ClientCommand.Push push = new ClientCommand.Push(from, event, message.payload());
    if (event.equals(PresencePush.EVENT)) {
      return new ClientCommand.Presence(push, PresencePush.parse(message.payload()));
    }
    if (event.equals(ACCESS_TOKEN)) {
      String token = message.payload() instanceof Payload.Json json ? json.value().path(ACCESS_TOKEN).asText("") : "";
      return new ClientCommand.AccessToken(push, token);
    }
    return push;
  }
}
