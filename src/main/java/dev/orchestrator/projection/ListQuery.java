package dev.orchestrator.projection;

import dev.orchestrator.domain.ServiceCallStatus;
import dev.orchestrator.domain.TenantId;
import java.time.Instant;
import java.util.Set;

/**
 * Filters of the list API. Null means "no filter"; ranges are [from, to); a call must carry every
 * one of {@code tags}. {@code after} is the decoded keyset cursor: the (createdAt, id) of the last
 * row of the previous page.
 */
public record ListQuery(
    TenantId tenant,
    Set<ServiceCallStatus> statuses,
    java.util.List<String> tags,
    String namePrefix,
    Instant dueFrom,
    Instant dueTo,
    Instant createdFrom,
    Instant createdTo,
    Instant finishedFrom,
    Instant finishedTo,
    int limit,
    Cursor after) {

  public static final int MAX_TAGS = 5;

  public ListQuery {
    tags = tags == null ? java.util.List.of() : java.util.List.copyOf(tags);
  }

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** Position in the newest-first order: created_at descending, then id descending. */
  public record Cursor(Instant createdAt, String serviceCallId) {
    public String encode() {
      String raw = createdAt.toString() + "|" + serviceCallId;
      return java.util.Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException when the text is not a cursor we issued
     */
    public static Cursor decode(String text) {
      try {
        String raw =
            new String(
                java.util.Base64.getUrlDecoder().decode(text),
                java.nio.charset.StandardCharsets.UTF_8);
        int sep = raw.indexOf('|');
        return new Cursor(Instant.parse(raw.substring(0, sep)), raw.substring(sep + 1));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cursor is not valid");
      }
    }
  }

  /** A page of rows and the cursor of the next page, or null on the last page. */
  public record Page(java.util.List<ServiceCallRow> rows, String nextCursor) {}
}
