package dev.kanal.persistence.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.Map;

/**
 * Where collections are journaled: the embedded H2 file store (the default, no other service
 * needed) or PostgreSQL, chosen by the JDBC URL of {@code kanal.store.url}.
 */
public record Store(Kind kind, String url, String user, String password) {

  /** The databases Kanal knows how to set up. */
  public enum Kind {
    H2("org.h2.Driver", "slick.jdbc.H2Profile$", "h2.sql"),
    POSTGRES("org.postgresql.Driver", "slick.jdbc.PostgresProfile$", "postgres.sql");

    final String driver;
    final String slickProfile;
    final String schemaScript;

    Kind(String driver, String slickProfile, String schemaScript) {
      this.driver = driver;
      this.slickProfile = slickProfile;
      this.schemaScript = schemaScript;
    }
  }

  /** Reads {@code kanal.store}: {@code url}, {@code user}, {@code password}. */
  public static Store fromConfig(Config store) {
    String url = store.getString("url");
    String user = store.hasPath("user") ? store.getString("user") : "";
    String password = store.hasPath("password") ? store.getString("password") : "";
    return of(url, user, password);
  }

  public static Store of(String url, String user, String password) {
    Kind kind;
    if (url.startsWith("jdbc:h2:")) {
      kind = Kind.H2;
    } else if (url.startsWith("jdbc:postgresql:")) {
      kind = Kind.POSTGRES;
    } else {
      throw new IllegalArgumentException(
          "kanal.store.url must be a jdbc:h2: or jdbc:postgresql: URL, not \"" + url + "\"");
    }
    return new Store(kind, url, user, password);
  }

  /** Pekko Persistence JDBC settings that journal and snapshot into this store over one pool. */
  public Config pekkoConfig() {
    Map<String, Object> db = Map.of(
        "url", url,
        "user", user,
        "password", password,
        "driver", kind.driver,
        "numThreads", 4,
        "maxConnections", 4,
        "minConnections", 1);
    return ConfigFactory.empty()
        .withValue("pekko-persistence-jdbc.shared-databases.kanal.profile", ConfigValueFactory.fromAnyRef(kind.slickProfile))
        .withValue("pekko-persistence-jdbc.shared-databases.kanal.db", ConfigValueFactory.fromMap(db))
        .withValue("jdbc-journal.use-shared-db", ConfigValueFactory.fromAnyRef("kanal"))
        .withValue("jdbc-snapshot-store.use-shared-db", ConfigValueFactory.fromAnyRef("kanal"))
        .withValue("jdbc-read-journal.use-shared-db", ConfigValueFactory.fromAnyRef("kanal"))
        .withValue("pekko.persistence.journal.plugin", ConfigValueFactory.fromAnyRef("jdbc-journal"))
        .withValue("pekko.persistence.snapshot-store.plugin", ConfigValueFactory.fromAnyRef("jdbc-snapshot-store"));
  }

  /** The URL with any password in it hidden, for logs. */
  public String describe() {
    return kind + " " + url.replaceAll("password=[^&;]*", "password=***");
  }
}
