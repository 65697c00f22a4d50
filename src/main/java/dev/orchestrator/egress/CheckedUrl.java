package dev.orchestrator.egress;

import java.net.URI;

/**
 * Result of {@link EgressGuard#checkUrl}: exactly one of {@code uri} (normalized: scheme and host
 * lowercase, IDN host in ASCII, fragment dropped, non-ASCII percent-encoded) and {@code violation}
 * is non-null. Passing the syntactic check says nothing yet about where the host resolves.
 */
public record CheckedUrl(URI uri, EgressViolation violation) {

  public CheckedUrl {
    if ((uri == null) == (violation == null)) {
      throw new IllegalArgumentException("exactly one of uri and violation must be set");
    }
  }

  static CheckedUrl accepted(URI uri) {
    return new CheckedUrl(uri, null);
  }

  static CheckedUrl refused(EgressViolation violation) {
    return new CheckedUrl(null, violation);
  }

  /** True when the URL passed; then {@link #uri()} is set. */
  public boolean ok() {
    return violation == null;
  }

  /** The explicit port, else 443 for https and 80 for http. Only valid when {@link #ok()}. */
  public int effectivePort() {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equals(uri.getScheme()) ? 443 : 80;
  }
}
