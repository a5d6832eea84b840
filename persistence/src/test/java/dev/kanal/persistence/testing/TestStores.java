package dev.kanal.persistence.testing;

import dev.kanal.persistence.store.Store;
import dev.kanal.persistence.store.StoreSchema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real stores for tests: an H2 file in a fresh directory, or a fresh database on a real
 * PostgreSQL, the one {@code KANAL_TEST_PG_URL} names (with {@code KANAL_TEST_PG_USER} and
 * {@code KANAL_TEST_PG_PASSWORD}) or else an embedded one started once per JVM.
 */
public final class TestStores {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static Store server;

  private TestStores() {}

  public static Store h2() {
    try {
      Path dir = Files.createTempDirectory("kanal-h2");
      return Store.of("jdbc:h2:file:" + dir.resolve("kanal").toAbsolutePath(), "", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new, empty database with the schema in place. */
  public static Store postgres() {
    Store admin = postgresServer();
    String name = "kanal_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(admin.url(), admin.user(), admin.password());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create a test database on " + admin.describe(), e);
    }
    int slash = admin.url().lastIndexOf('/');
    int query = admin.url().indexOf('?', slash);
    String url = admin.url().substring(0, slash + 1) + name + (query < 0 ? "" : admin.url().substring(query));
    return ensured(Store.of(url, admin.user(), admin.password()));
  }

  public static Store ensured(Store store) {
    try {
      StoreSchema.ensure(store);
      return store;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static synchronized Store postgresServer() {
    if (server == null) {
      String url = System.getenv("KANAL_TEST_PG_URL");
      if (url != null && !url.isBlank()) {
        server = Store.of(url, env("KANAL_TEST_PG_USER", "postgres"), env("KANAL_TEST_PG_PASSWORD", ""));
      } else {
        try {
          EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
              postgres.close();
            } catch (IOException ignored) {
              // the JVM is exiting; the data directory is temporary anyway
            }
          }));
          server = Store.of(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
        }
      }
    }
    return server;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }
}
