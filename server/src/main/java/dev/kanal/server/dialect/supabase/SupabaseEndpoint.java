package dev.kanal.server.dialect.supabase;

import dev.kanal.server.dialect.Dialect;
import dev.kanal.server.dialect.Endpoint;
import dev.kanal.server.dialect.Handshake;
import java.util.Optional;

/**
 * {@code GET /realtime/v1/websocket}, where realtime-js connects with its {@code apikey} (or a
 * user's {@code access_token}) as a query parameter. Its topics are {@code realtime:NAME}.
 */
public final class SupabaseEndpoint implements Endpoint {
  public static final String PATH = "/realtime/v1/websocket";
  static final String TOPIC_PREFIX = "realtime:";

  @Override
  public String path() {
    return PATH;
  }

  @Override
  public Optional<Dialect> dialect(Optional<String> vsn) {
    return SupabaseDialect.forVsn(vsn.orElse(null)).map(Dialect.class::cast);
  }

  /** A user's {@code access_token} wins over the project's {@code apikey}, as it is the more specific. */
  @Override
  public Optional<String> token(Handshake handshake) {
    return handshake.param("access_token").or(() -> handshake.param("apikey"));
  }

  @Override
  public String subprotocols() {
    return null;
  }

  /** A topic as Supabase names its channel in messages: without {@code realtime:}. */
  static String channelName(String topic) {
    return topic.startsWith(TOPIC_PREFIX) ? topic.substring(TOPIC_PREFIX.length()) : topic;
  }
}
