package dev.orchestrator.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.domain.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * bench/query-explain.sql explains the list statements by hand-written PREPAREs; each must be the
 * statement {@link ListSql} builds for that filter (placeholders numbered), or the plans in
 * docs/performance.md would be of some other query.
 */
class ListSqlExplainScriptTest {
  private static final Pattern PREPARE =
      Pattern.compile("PREPARE (\\w+)\\([^)]*\\) AS\\s+(.*?);", Pattern.DOTALL);
  private static final Instant T = Instant.parse("2026-11-01T00:00:00Z");
  private static final ListQuery.Cursor CURSOR = new ListQuery.Cursor(T, "id");

  @Test
  void everyPrepare_isTheStatementListSqlBuilds() throws Exception {
    Map<String, String> script = new LinkedHashMap<>();
    Matcher m = PREPARE.matcher(Files.readString(Path.of("bench/query-explain.sql")));
    while (m.find()) {
      script.put(m.group(1), normalize(m.group(2)));
    }
    Set<ServiceCallStatus> one = EnumSet.of(ServiceCallStatus.FAILED);
    Set<ServiceCallStatus> two = EnumSet.of(ServiceCallStatus.SCHEDULED, ServiceCallStatus.RUNNING);
    Map<String, ListQuery> expected = new LinkedHashMap<>();
    expected.put("list_recent", q(null, List.of(), null, null, null));
    expected.put("list_status", q(one, List.of(), null, null, null));
    expected.put("list_status_set", q(two, List.of(), null, null, null));
    expected.put("list_tag", q(null, List.of("a"), null, null, null));
    expected.put("list_name", q(null, List.of(), "a", null, null));
    expected.put("list_created", q(null, List.of(), null, "created", null));
    expected.put("list_finished", q(null, List.of(), null, "finished", null));
    expected.put("list_due", q(null, List.of(), null, "due", null));
    expected.put("deep_recent", q(null, List.of(), null, null, CURSOR));
    expected.put("deep_status", q(one, List.of(), null, null, CURSOR));
    expected.put("deep_tag", q(null, List.of("a"), null, null, CURSOR));
    expected.put("deep_name", q(null, List.of(), "a", null, CURSOR));

    assertEquals(expected.keySet(), script.keySet());
    expected.forEach(
        (name, query) -> assertEquals(numbered(ListSql.of(query).sql()), script.get(name), name));
  }

  private static ListQuery q(
      Set<ServiceCallStatus> statuses,
      List<String> tags,
      String name,
      String range,
      ListQuery.Cursor after) {
    Instant from = T;
    Instant to = T.plusSeconds(3600);
    boolean due = "due".equals(range);
    boolean created = "created".equals(range);
    boolean finished = "finished".equals(range);
    return new ListQuery(
        new TenantId("t"),
        statuses,
        tags,
        name,
        due ? from : null,
        due ? to : null,
        created ? from : null,
        created ? to : null,
        finished ? from : null,
        finished ? to : null,
        50,
        after);
  }

  private static String numbered(String sql) {
    StringBuilder out = new StringBuilder();
    int n = 0;
    for (char ch : sql.toCharArray()) {
      if (ch == '?') {
        out.append('$').append(++n);
      } else {
        out.append(ch);
      }
    }
    return normalize(out.toString());
  }

  private static String normalize(String sql) {
    return sql.replaceAll("\\s+", " ").trim();
  }
}
