package dev.orchestrator.testing;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away PostgreSQL database for one test (class): {@link #create()} makes a uniquely named
 * database on the server given by {@code ORCH_TEST_PG_HOST/PORT/USER/PASSWORD} (default {@code
 * postgres@127.0.0.1:5432}) and {@link #close()} drops it again, connections and all.
 */
public final class PostgresTestDatabase implements AutoCloseable {
  /** Set to {@code true} (CI) to fail instead of skip when PostgreSQL is not reachable. */
  public static final String REQUIRE_PROPERTY = "orchestrator.test.require-postgres";

  private static final String HOST = env("ORCH_TEST_PG_HOST", "127.0.0.1");
  private static final String PORT = env("ORCH_TEST_PG_PORT", "5432");
  private static final String USER = env("ORCH_TEST_PG_USER", "postgres");
  private static final String PASSWORD = env("ORCH_TEST_PG_PASSWORD", "");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static volatile Boolean available;

  private final String name;

  private PostgresTestDatabase(String name) {
    this.name = name;
  }

  /** True when the server answers within about 2 s; the answer is remembered for the JVM. */
  public static boolean available() {
    Boolean known = available;
    if (known == null) {
      try (Connection c = adminConnection()) {
        known = c.isValid(2);
      } catch (SQLException e) {
        known = false;
      }
      available = known;
    }
    return known;
  }

  /**
   * Returns when PostgreSQL is reachable. Otherwise fails the test if {@value #REQUIRE_PROPERTY} is
   * {@code true} or the environment has {@code CI=true}, and skips it (JUnit assumption) if not.
   */
  public static void assumeAvailable() {
    if (available()) {
      return;
    }
    // CI (CI=true, as .ci/run runs) must never silently skip the PostgreSQL suites.
    if (Boolean.getBoolean(REQUIRE_PROPERTY) || "true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(
          "PostgreSQL required (CI) but not reachable at "
              + where()
              + " ("
              + REQUIRE_PROPERTY
              + "=true)");
    }
    Assumptions.assumeTrue(
        false, "PostgreSQL not reachable at " + where() + "; skipping PostgreSQL tests");
  }

  /** Creates a fresh, empty database named {@code orch_test_<random hex>}. */
  public static PostgresTestDatabase create() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    String name = "orch_test_" + HexFormat.of().formatHex(bytes);
    execute("CREATE DATABASE " + name);
    return new PostgresTestDatabase(name);
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return url(name);
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  /** A (non-pooled) data source of this database. */
  public javax.sql.DataSource dataSource() {
    var ds = new org.postgresql.ds.PGSimpleDataSource();
    ds.setURL(jdbcUrl());
    ds.setUser(USER);
    ds.setPassword(PASSWORD);
    return ds;
  }

  /** Drops the database, terminating any connections still open to it. */
  @Override
  public void close() {
    execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void execute(String sql) {
    try (Connection c = adminConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + where(), e);
    }
  }

  private static Connection adminConnection() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", USER);
    p.setProperty("password", PASSWORD);
    p.setProperty("connectTimeout", "2");
    p.setProperty("loginTimeout", "2");
    return DriverManager.getConnection(url("postgres"), p);
  }

  private static String url(String database) {
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
  }

  private static String where() {
    return USER + "@" + HOST + ":" + PORT;
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
