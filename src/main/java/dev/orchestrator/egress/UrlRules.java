package dev.orchestrator.egress;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The syntactic URL rules: no DNS, no address judgement beyond refusing names and ambiguous numeric
 * hosts. Messages never echo the URL itself, which may carry secrets in userinfo or query.
 */
final class UrlRules {

  static final int MAX_LENGTH = 2048;

  private UrlRules() {}

  static CheckedUrl check(String raw, EgressPolicy policy) {
    if (raw == null || raw.isEmpty()) {
      return invalid("missing URL");
    }
    if (raw.length() > MAX_LENGTH) {
      return invalid("URL is longer than " + MAX_LENGTH + " characters");
    }
    if (raw.codePoints().anyMatch(Host::isForbidden)) {
      return invalid("URL contains control characters, spaces or backslashes");
    }
    URI uri;
    try {
      uri = new URI(raw);
    } catch (URISyntaxException e) {
      return invalid("not a valid URL: " + e.getReason());
    }
    if (uri.getScheme() == null) {
      return invalid("URL must be absolute, starting with http:// or https://");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return invalid("scheme '" + scheme + "' is not allowed; use http or https");
    }
    String authority = uri.getRawAuthority();
    if (uri.isOpaque() || authority == null || authority.isEmpty()) {
      return invalid("URL has no host");
    }
    // A registry-based authority (host == null) can still hide userinfo, so look at '@' directly.
    if (uri.getRawUserInfo() != null || authority.indexOf('@') >= 0) {
      return invalid("credentials in the URL (user:password@) are not allowed");
    }
    return checkAuthority(uri, scheme, authority, policy);
  }

  private static CheckedUrl checkAuthority(
      URI uri, String scheme, String authority, EgressPolicy policy) {
    String hostText = uri.getHost();
    int port = uri.getPort();
    if (hostText == null) {
      // java.net.URI leaves host null for IDN, numeric-looking and percent-encoded hosts. Judge
      // the authority ourselves instead of letting a later component read it its own way.
      if (authority.indexOf('%') >= 0) {
        return invalid("percent-encoded host is not allowed");
      }
      int colon = authority.lastIndexOf(':');
      hostText = colon < 0 ? authority : authority.substring(0, colon);
      String portText = colon < 0 ? "" : authority.substring(colon + 1);
      if (!portText.isEmpty() && !portText.matches("[0-9]{1,5}")) {
        return invalid("port must be 1-65535");
      }
      port = portText.isEmpty() ? -1 : Integer.parseInt(portText);
    }
    if (port != -1 && (port < 1 || port > 65535)) {
      return invalid("port must be 1-65535");
    }
    Host host;
    try {
      host = Host.parse(hostText);
    } catch (IllegalArgumentException e) {
      return invalid(e.getMessage());
    }
    int effectivePort = port != -1 ? port : scheme.equals("https") ? 443 : 80;
    Optional<EgressViolation> byName = checkName(host, effectivePort, policy);
    if (byName.isPresent()) {
      return CheckedUrl.refused(byName.get());
    }
    return rebuild(uri, scheme, host, port);
  }

  /** Refused names stay refused unless a host allow entry names them for this port. */
  static Optional<EgressViolation> checkName(Host host, int port, EgressPolicy policy) {
    if (host.isLiteral() || policy.allowsName(host.name(), port)) {
      return Optional.empty();
    }
    return Host.deniedName(host.name())
        .map(rule -> EgressViolation.notAllowed("host '" + host.name() + "' is refused: " + rule));
  }

  /** Rebuilt from parts so the fragment is dropped and the host is the one we validated. */
  private static CheckedUrl rebuild(URI uri, String scheme, Host host, int port) {
    StringBuilder sb = new StringBuilder(scheme).append("://").append(host.uriForm());
    if (port != -1) {
      sb.append(':').append(port);
    }
    sb.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      sb.append('?').append(uri.getRawQuery());
    }
    try {
      URI out = new URI(new URI(sb.toString()).toASCIIString());
      if (out.getHost() == null) {
        return invalid("host '" + host.uriForm() + "' is not a valid host name");
      }
      return CheckedUrl.accepted(out);
    } catch (URISyntaxException e) {
      return invalid("not a valid URL: " + e.getReason());
    }
  }

  private static CheckedUrl invalid(String detail) {
    return CheckedUrl.refused(EgressViolation.invalidUrl(detail));
  }
}
