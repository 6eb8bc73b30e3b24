package io.drippulse.crm.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The PostgreSQL every test talks to, found in this order: {@code TEST_DATABASE_URL}, then a server
 * on 127.0.0.1:5432, then a Testcontainers-started one when Docker is available. Each test JVM gets
 * a fresh, migrated database of its own (dropped when the JVM exits), so runs can repeat on the
 * same server without seeing each other's rows.
 */
public final class TestDatabase {

  private static final String LOCAL = "postgresql://postgres@127.0.0.1:5432/postgres";
  private static DatabaseUrl shared;

  private TestDatabase() {
  }

  /** The migrated database shared by this JVM's tests. */
  public static synchronized DatabaseUrl shared() {
    if (shared == null) {
      shared = fresh();
    }
    return shared;
  }

  /** A new, migrated database on the test server (for tests that need an empty schema). */
  public static DatabaseUrl fresh() {
    DatabaseUrl fresh = createEmpty();
    Migrations.migrate(fresh);
    return fresh;
  }

  /** A new database with no schema at all (for migration tests). */
  public static DatabaseUrl createEmpty() {
    DatabaseUrl server = server();
    String name = "dp_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute(server, "CREATE DATABASE " + name);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(server, name)));
    return server.withDatabase(name);
  }

  /** Drops a database made by {@link #createEmpty()} or {@link #fresh()}, closing its connections (an outage, for tests). */
  public static void drop(DatabaseUrl database) {
    execute(server(), "DROP DATABASE " + database.database() + " WITH (FORCE)");
  }

  private static DatabaseUrl server() {
    String explicit = System.getenv("TEST_DATABASE_URL");
    if (explicit != null && !explicit.isBlank()) {
      DatabaseUrl url = DatabaseUrl.parse(explicit);
      if (!reachable(url)) {
        throw new IllegalStateException("TEST_DATABASE_URL is set to " + url + " but no PostgreSQL answers there.");
      }
      return url;
    }
    DatabaseUrl local = DatabaseUrl.parse(LOCAL);
    if (reachable(local)) {
      return local;
    }
    if (DockerPostgres.available()) {
      return DockerPostgres.start();
    }
    throw new IllegalStateException("No PostgreSQL for the tests: set TEST_DATABASE_URL=postgresql://user:pass@host:port/db, "
        + "start PostgreSQL on 127.0.0.1:5432 (user postgres), or start Docker so Testcontainers can run one.");
  }

  private static boolean reachable(DatabaseUrl url) {
    try (Connection ignored = connect(url)) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  public static Connection connect(DatabaseUrl url) throws SQLException {
    return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
  }

  private static void execute(DatabaseUrl url, String sql) {
    try (Connection c = connect(url); var st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not run '" + sql + "' on the test server " + url + ": " + e.getMessage(), e);
    }
  }

  private static void dropQuietly(DatabaseUrl server, String name) {
    try (Connection c = connect(server); var st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException ignored) {
      // best effort at JVM exit; a left-over test database harms nothing
    }
  }
}
