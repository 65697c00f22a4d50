package dev.orchestrator.domain;

import java.util.regex.Pattern;

/**
 * A tenant's identifier: 1–64 characters of lowercase letters, digits, {@code -} and {@code _},
 * starting with a letter or digit. The narrow charset keeps it safe inside entity ids (no {@code :}
 * or {@code |}), URLs and log lines.
 */
public record TenantId(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public TenantId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "tenant id must be 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit");
    }
  }

  public static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
