package dev.orchestrator.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The {@code node_heartbeats} table: which cluster members are alive on this database. Ages are
 * computed by the database against its own clock.
 */
public final class NodeHeartbeats {
  private static final String UPDATE =
      "UPDATE node_heartbeats SET renewed_at = CURRENT_TIMESTAMP WHERE node = ?";
  private static final String INSERT =
      "INSERT INTO node_heartbeats (node, address, renewed_at) VALUES (?, ?, CURRENT_TIMESTAMP)";
  private static final String DELETE = "DELETE FROM node_heartbeats WHERE node = ?";
  // Stale rows of long-gone incarnations are pruned by whoever beats, a day after their last beat.
  private static final String PRUNE =
      "DELETE FROM node_heartbeats WHERE renewed_at < CURRENT_TIMESTAMP - INTERVAL '1' DAY";

  private final DataSource dataSource;

  public NodeHeartbeats(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Renews {@code node}'s row (one incarnation: address and uid), creating it on the first beat.
   */
  public void beat(String node, String address) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
        ps.setString(1, node);
        if (ps.executeUpdate() == 1) {
          return;
        }
      }
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        ps.setString(1, node);
        ps.setString(2, address);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(PRUNE)) {
        ps.executeUpdate();
      }
    }
  }

  /** Removes {@code node}'s row: it left the cluster on purpose. */
  public void remove(String node) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(DELETE)) {
      ps.setString(1, node);
      ps.executeUpdate();
    }
  }

  /**
   * Addresses other than {@code selfAddress} that beat within {@code ttl}. Rows with our own
   * address are an earlier incarnation of this node (a node's host:port is its own), never another
   * live cluster.
   */
  public List<String> aliveOthers(String selfAddress, Duration ttl) throws SQLException {
    String sql =
        "SELECT DISTINCT address FROM node_heartbeats WHERE address <> ? AND renewed_at >"
            + " CURRENT_TIMESTAMP - INTERVAL '"
            + Math.max(1, ttl.toSeconds())
            + "' SECOND ORDER BY address";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, selfAddress);
      List<String> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    }
  }
}
