package dev.orchestrator.testing.cluster;

import dev.orchestrator.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples how many server connections the test database has ({@code pg_stat_activity}, its own
 * connection excluded) at a fixed interval, for the pool-bound criteria (F13, L4): the nodes' pools
 * are the only clients, so the count must stay within the sum of their sizes. Always {@link
 * #close()} it.
 */
public final class PgConnectionSampler implements AutoCloseable {
  /** One sample: when, and how many connections the database had. */
  public record Sample(Instant at, int connections) {}

  private final Connection connection;
  private final PreparedStatement query;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<Sample> samples = new CopyOnWriteArrayList<>();

  public PgConnectionSampler(PostgresTestDatabase db, Duration every) throws SQLException {
    connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    query =
        connection.prepareStatement(
            "select count(*) from pg_stat_activity where datname = current_database()"
                + " and pid <> pg_backend_pid()");
    timer.scheduleAtFixedRate(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void sample() {
    try (ResultSet rs = query.executeQuery()) {
      rs.next();
      samples.add(new Sample(Instant.now(), rs.getInt(1)));
    } catch (SQLException e) {
      // A missed sample is not a finding; the next one comes in a moment.
    }
  }

  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The largest count sampled at or after {@code from}; -1 if none was. */
  public int maxSince(Instant from) {
    return samples.stream()
        .filter(s -> !s.at().isBefore(from))
        .mapToInt(Sample::connections)
        .max()
        .orElse(-1);
  }

  @Override
  public synchronized void close() throws SQLException {
    timer.shutdownNow();
    connection.close();
  }
}
