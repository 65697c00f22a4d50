package dev.orchestrator.e2e.db;

import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.FaultProxy;
import dev.orchestrator.testing.PostgresTestDatabase;
import dev.orchestrator.testing.TargetServer;
import dev.orchestrator.testing.TestNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;

/**
 * A node in this JVM on a fresh PostgreSQL database reached only through a {@link FaultProxy}, plus
 * a loopback sink for executions: the database link can be cut, refused or reset while the node
 * runs. Closes everything in reverse order.
 */
final class PostgresOutageRig implements AutoCloseable {
  final PostgresTestDatabase db;
  final FaultProxy proxy;
  final TargetServer target;
  final TestNode node;
  final ApiClient api;

  private PostgresOutageRig(
      PostgresTestDatabase db, FaultProxy proxy, TargetServer target, TestNode node) {
    this.db = db;
    this.proxy = proxy;
    this.target = target;
    this.node = node;
    this.api = node.client(TestNode.KEY_A);
  }

  static PostgresOutageRig start(Map<String, Object> extra) throws Exception {
    var db = PostgresTestDatabase.create();
    FaultProxy proxy = null;
    TargetServer target = null;
    try {
      proxy = FaultProxy.start(5432);
      target = new TargetServer();
      String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + db.name();
      var node = TestNode.start(url, db.user(), target.port(), extra);
      return new PostgresOutageRig(db, proxy, target, node);
    } catch (Exception | Error e) {
      if (target != null) {
        target.close();
      }
      if (proxy != null) {
        proxy.close();
      }
      db.close();
      throw e;
    }
  }

  /** Network loss: new connections are swallowed and open ones hear nothing any more. */
  void partition() throws IOException {
    proxy.mode(new FaultProxy.Blackhole());
    proxy.stallOpen();
  }

  /** Database down: connecting is refused and open connections are reset. */
  void down() throws IOException {
    proxy.mode(new FaultProxy.Refuse());
    proxy.resetOpen();
  }

  void heal() throws IOException {
    proxy.mode(new FaultProxy.Pass());
  }

  String spec(Instant dueAt, String idempotencyKey) {
    return "{\"name\":\"db-outage\",\"request\":{\"method\":\"POST\",\"url\":\""
        + target.url("/sink")
        + "\",\"headers\":{},\"body\":\"x\"},\"dueAt\":\""
        + dueAt
        + "\""
        + (idempotencyKey == null ? "" : ",\"idempotencyKey\":\"" + idempotencyKey + "\"")
        + "}";
  }

  /** Sessions the server holds for the test database (directly, not through the proxy). */
  int backendConnections() throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:5432/postgres", db.user(), db.password());
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
      ps.setString(1, db.name());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  @Override
  public void close() {
    try {
      node.close();
    } finally {
      try {
        target.close();
        proxy.close();
      } finally {
        db.close();
      }
    }
  }
}
