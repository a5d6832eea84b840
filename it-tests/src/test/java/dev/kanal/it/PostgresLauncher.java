package dev.kanal.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL for the end-to-end suite: the server {@code KANAL_TEST_PG_URL} names (with
 * {@code KANAL_TEST_PG_USER}/{@code KANAL_TEST_PG_PASSWORD}), or else an embedded one. Each line
 * read from standard input names a database to create; the answer is one line, {@code database URL
 * USER PASSWORD} (other lines are the embedded server's logs). It
 * stops when standard input closes, i.e. when the suite that spawned it exits.
 */
public final class PostgresLauncher {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private PostgresLauncher() {}

  public static void main(String[] args) throws IOException, SQLException {
    String external = System.getenv("KANAL_TEST_PG_URL");
    if (external != null && !external.isBlank()) {
      serve(external, env("KANAL_TEST_PG_USER", "postgres"), env("KANAL_TEST_PG_PASSWORD", ""));
      return;
    }
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      serve(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
    }
  }

  private static void serve(String adminUrl, String user, String password) throws IOException, SQLException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Connection admin = DriverManager.getConnection(adminUrl, user, password)) {
      for (String name = in.readLine(); name != null; name = in.readLine()) {
        if (!NAME.matcher(name).matches()) {
          System.out.println("database-error not a database name: " + name);
          continue;
        }
        try (Statement statement = admin.createStatement()) {
          statement.execute("CREATE DATABASE " + name);
        }
        System.out.println("database " + withDatabase(adminUrl, name) + " " + user + " " + password);
        System.out.flush();
      }
    }
  }

  private static String withDatabase(String url, String database) {
    int slash = url.lastIndexOf('/');
    int query = url.indexOf('?', slash);
    return url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }
}
