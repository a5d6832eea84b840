package dev.kanal.server;

import com.typesafe.config.ConfigException;
import dev.kanal.server.config.KanalConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar kanal-server.jar}: a node from {@code reference.conf}, a user file and the environment. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    KanalNode node;
    try {
      node = KanalNode.start(KanalConfig.load());
    } catch (ConfigException | IllegalArgumentException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    node.binding()
        .whenComplete(
            (binding, failure) -> {
              if (failure != null) {
                LOG.error("Could not listen for HTTP", failure);
                System.exit(1);
              } else {
                LOG.info("Kanal listening on {}", binding.localAddress());
              }
            });
  }
}
