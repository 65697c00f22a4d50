package dev.orchestrator.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The query scenario's request kinds, against the seeded mix (QuerySeedSql): what each asks, its
 * p99 target, and where its varying parts (ids, cursors, time windows) come from.
 */
final class QueryKinds {
  static final double GET_TARGET_MS = 5;
  static final double LIST_TARGET_MS = 20;
  private static final Duration DAY = Duration.ofDays(1);
  private static final Duration HOUR = Duration.ofHours(1);

  /**
   * One kind. {@code request} describes it (the suffix of …/service-calls, with the varying part in
   * angle brackets); {@code next} makes each request's suffix.
   */
  record Kind(
      String name, String request, double targetMs, Supplier<String> next, Predicate<String> ok) {}

  /** Deep-page kinds and their filters: the cursors come from {@link #cursorProbe}. */
  static final Map<String, String> DEEP = new LinkedHashMap<>();

  static {
    DEEP.put("deep_recent", "");
    DEEP.put("deep_status", "status=SUCCEEDED&");
    DEEP.put("deep_tag", "tag=billing&");
    DEEP.put("deep_name", "namePrefix=invoice-&");
  }

  /**
   * What the requests draw from: SUCCEEDED calls with a journal, {@code hot} ones kept in memory by
   * the warm-up and {@code cold} ones each asked once (their entity recovers from the journal;
   * {@code coldWarmup} ones for the warm-up of that path); cursors at random depths per deep kind;
   * the seeded time span.
   */
  record Pools(
      List<String> hot,
      List<String> coldWarmup,
      List<String> cold,
      Map<String, List<String>> cursors,
      Instant oldest,
      Instant newest,
      Instant now) {}

  private QueryKinds() {}

  /**
   * A page of one call created before a random instant of the span, with {@code filter}: its
   * nextCursor is a cursor the API issued, at a uniformly random depth.
   */
  static String cursorProbe(String filter, Instant oldest, Instant newest) {
    return "?" + filter + "limit=1&createdTo=" + Api.enc(between(oldest, newest).toString());
  }

  static List<Kind> all(Pools p) {
    List<Kind> kinds = new ArrayList<>();
    AtomicInteger coldNext = new AtomicInteger();
    Predicate<String> succeeded = b -> b.contains("\"status\":\"SUCCEEDED\"");
    Predicate<String> items = b -> b.contains("\"items\":[{");
    kinds.add(
        new Kind(
            "get_hot",
            "/<id of a call in memory>",
            GET_TARGET_MS,
            () -> "/" + any(p.hot()),
            succeeded));
    kinds.add(
        new Kind(
            "get_cold",
            "/<id of a call not asked before: recovered from the journal>",
            GET_TARGET_MS,
            () -> "/" + p.cold().get(coldNext.getAndIncrement() % p.cold().size()),
            succeeded));
    list(kinds, "list_recent", "", items);
    list(kinds, "list_status", "status=FAILED&", items);
    list(kinds, "list_status_set", "status=SCHEDULED,RUNNING&", items);
    list(kinds, "list_tag", "tag=billing&", items);
    list(kinds, "list_tag_2pct", "tag=priority-high&", items);
    list(kinds, "list_tag_rare", "tag=audit&", items);
    list(kinds, "list_name", "namePrefix=invoice-&", items);
    list(kinds, "list_name_rare", "namePrefix=report-monthly-&", items);
    String seeded = "t random in the seeded 90 days";
    window(kinds, "list_created_day", "created", p.oldest(), p.newest(), DAY, seeded, items);
    window(kinds, "list_finished_hour", "finished", p.oldest(), p.newest(), HOUR, seeded, items);
    // Pending calls are due 1 to 60 days ahead (QuerySeedSql): "what is due that day".
    window(
        kinds,
        "list_due_next_days",
        "due",
        p.now().plus(DAY),
        p.now().plus(Duration.ofDays(59)),
        DAY,
        "t random 1 to 59 days ahead",
        items);
    window(kinds, "list_due_past_day", "due", p.oldest(), p.newest(), DAY, seeded, items);
    for (var deep : DEEP.entrySet()) {
      List<String> cursors = p.cursors().get(deep.getKey());
      kinds.add(
          new Kind(
              deep.getKey(),
              "?" + deep.getValue() + "limit=50&cursor=<a cursor at a random depth>",
              LIST_TARGET_MS,
              () -> "?" + deep.getValue() + "limit=50&cursor=" + Api.enc(any(cursors)),
              items));
    }
    return kinds;
  }

  private static void list(List<Kind> kinds, String name, String filter, Predicate<String> ok) {
    String suffix = "?" + filter + "limit=50";
    kinds.add(new Kind(name, suffix, LIST_TARGET_MS, () -> suffix, ok));
  }

  /** {@code <field>From/To} of {@code width}, starting at a random instant of [from, to). */
  private static void window(
      List<Kind> kinds,
      String name,
      String field,
      Instant from,
      Instant to,
      Duration width,
      String where,
      Predicate<String> ok) {
    String request =
        "?" + field + "From=<t>&" + field + "To=<t + " + width + ">&limit=50, " + where;
    Instant last = to.minus(width);
    kinds.add(
        new Kind(
            name,
            request,
            LIST_TARGET_MS,
            () -> {
              Instant t = between(from, last.isAfter(from) ? last : to);
              return "?"
                  + field
                  + "From="
                  + Api.enc(t.toString())
                  + "&"
                  + field
                  + "To="
                  + Api.enc(t.plus(width).toString())
                  + "&limit=50";
            },
            ok));
  }

  private static String any(List<String> values) {
    return values.get(ThreadLocalRandom.current().nextInt(values.size()));
  }

  private static Instant between(Instant from, Instant to) {
    long span = Math.max(1, ChronoUnit.MILLIS.between(from, to));
    return from.plusMillis(ThreadLocalRandom.current().nextLong(span));
  }
}
