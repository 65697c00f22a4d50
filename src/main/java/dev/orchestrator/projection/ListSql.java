package dev.orchestrator.projection;

import dev.orchestrator.domain.ServiceCallStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The list API's statement: a tenant's calls, newest first ({@code created_at DESC, service_call_id
 * DESC}), filtered, one keyset page of {@code limit + 1} rows (the extra row says whether there is
 * a next page). Measured over 1,000,000 calls in docs/performance.md; two shapes matter there:
 *
 * <ul>
 *   <li>With a tag, the page is read from the tag table's {@code (tenant_id, tag, created_at DESC,
 *       service_call_id DESC)} index, which is already in list order, and joined to the calls by
 *       key: about {@code limit} index entries whatever the tag's share. Walking the tenant's calls
 *       and probing the tag of each instead reads {@code limit / share} rows (a tag on 2 % of the
 *       calls: 2,500 probes). {@code service_call_tags.created_at} is the call's {@code
 *       created_at}, written together by the projection, so ordering by it is ordering the list.
 *   <li>The cursor's {@code created_at <= ?} repeats what the OR condition implies, in a form an
 *       index range can start from; without it the scan began at the newest call and filtered its
 *       way down to the cursor (page 12,000 of 1,000,000 calls: 2.3 s).
 * </ul>
 */
record ListSql(String sql, List<Object> args) {
  private static final String COLUMNS =
      "c.tenant_id, c.service_call_id, c.name, c.status, c.request_json, c.due_at, c.created_at,"
          + " c.started_at, c.finished_at, c.attempts, c.next_due_at, c.response_json,"
          + " c.error_kind, c.error_message, c.tags_json, c.correlation_id, c.idempotency_key";

  static ListSql of(ListQuery q) {
    StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS);
    List<Object> args = new ArrayList<>();
    List<String> tags = q.tags();
    // The table whose (created_at, service_call_id) drive the order and the cursor.
    String key;
    if (tags.isEmpty()) {
      key = "c";
      sql.append(" FROM service_calls c WHERE c.tenant_id = ?");
      args.add(q.tenant().value());
    } else {
      key = "k";
      sql.append(" FROM service_call_tags k JOIN service_calls c")
          .append(" ON c.tenant_id = k.tenant_id AND c.service_call_id = k.service_call_id")
          .append(" WHERE k.tenant_id = ? AND k.tag = ?");
      args.add(q.tenant().value());
      args.add(tags.get(0));
    }
    if (q.statuses() != null && !q.statuses().isEmpty()) {
      sql.append(" AND c.status IN (").append("?,".repeat(q.statuses().size() - 1)).append("?)");
      q.statuses().stream().map(ServiceCallStatus::name).sorted().forEach(args::add);
    }
    for (String tag : tags.subList(Math.min(1, tags.size()), tags.size())) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM service_call_tags t WHERE t.tenant_id = c.tenant_id"
              + " AND t.tag = ? AND t.service_call_id = c.service_call_id)");
      args.add(tag);
    }
    if (q.namePrefix() != null) {
      sql.append(" AND c.name LIKE ? ESCAPE '\\'");
      args.add(likePrefix(q.namePrefix()));
    }
    range(sql, args, "c.due_at", q.dueFrom(), q.dueTo());
    range(sql, args, key + ".created_at", q.createdFrom(), q.createdTo());
    range(sql, args, "c.finished_at", q.finishedFrom(), q.finishedTo());
    if (q.after() != null) {
      var at = ReadModelWriter.ts(q.after().createdAt());
      sql.append(" AND ")
          .append(key)
          .append(".created_at <= ? AND (")
          .append(key)
          .append(".created_at < ? OR (")
          .append(key)
          .append(".created_at = ? AND ")
          .append(key)
          .append(".service_call_id < ?))");
      args.add(at);
      args.add(at);
      args.add(at);
      args.add(q.after().serviceCallId());
    }
    sql.append(" ORDER BY ")
        .append(key)
        .append(".created_at DESC, ")
        .append(key)
        .append(".service_call_id DESC LIMIT ?");
    args.add(q.limit() + 1);
    return new ListSql(sql.toString(), List.copyOf(args));
  }

  /** {@code prefix%} with LIKE's wildcards in the prefix taken literally. */
  static String likePrefix(String prefix) {
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static void range(
      StringBuilder sql, List<Object> args, String col, Instant from, Instant to) {
    if (from != null) {
      sql.append(" AND ").append(col).append(" >= ?");
      args.add(ReadModelWriter.ts(from));
    }
    if (to != null) {
      sql.append(" AND ").append(col).append(" < ?");
      args.add(ReadModelWriter.ts(to));
    }
  }
}
