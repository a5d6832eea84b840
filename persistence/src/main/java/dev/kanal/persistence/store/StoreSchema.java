package dev.kanal.persistence.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * Creates the journal and snapshot tables when they are missing (run before the actor system
 * starts), and checks that the store answers.
 */
public final class StoreSchema {
  /** Serializes schema creation when several nodes start at once against one PostgreSQL. */
  private static final long SCHEMA_LOCK = 0x4b616e616cL;

  private StoreSchema() {}

  public static void ensure(Store store) throws SQLException {
    try (Connection connection = DriverManager.getConnection(store.url(), store.user(), store.password())) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        if (store.kind() == Store.Kind.POSTGRES) {
          statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
        }
        for (String sql : statements(store.kind())) {
          statement.execute(sql);
        }
      }
      connection.commit();
    }
  }

  /** Whether the store answers a trivial query within {@code timeoutSeconds}. */
  public static boolean reachable(Store store, int timeoutSeconds) {
    try (Connection connection = DriverManager.getConnection(store.url(), store.user(), store.password())) {
      return connection.isValid(timeoutSeconds);
    } catch (SQLException e) {
      return false;
    }
  }

  private static List<String> statements(Store.Kind kind) {
    try (InputStream in = StoreSchema.class.getResourceAsStream(kind.schemaScript)) {
      String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return Arrays.stream(script.replaceAll("(?m)^--.*$", "").split(";"))
          .map(String::trim)
          .filter(sql -> !sql.isEmpty())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
