package dev.orchestrator.execution;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Turns client exceptions into one short line a tenant can act on. Pekko's messages embed internal
 * commands and class names ("Tcp command [Connect(...)] failed because of java.net..."), which are
 * noise in a call's timeline and may leak internals, so known cases get fixed wording and the rest
 * is stripped of class names and cut short. Matching is by type and message text only (no Pekko
 * types), so this stays testable without an actor system.
 */
final class FailureMessages {
  private static final int MAX_DETAIL = 200;
  private static final int MAX_DEPTH = 16;
  private static final Pattern CLASS_NAME =
      Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*");
  private static final Pattern TCP_COMMAND =
      Pattern.compile("Tcp command \\[.*?\\] failed(?: because of)?\\s*");
  private static final Set<String> INVALID_RESPONSE_TYPES =
      Set.of("IllegalResponseException", "ParsingException", "EntityStreamException");

  private FailureMessages() {}

  /** The first throwable of {@code type} in the cause chain (suppressed ones excluded), or null. */
  static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable t : chain(error)) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  static String describe(Throwable error) {
    List<Throwable> chain = chain(error);
    String all = allMessages(chain).toLowerCase(Locale.ROOT);
    UnknownHostException unknownHost = find(error, UnknownHostException.class);
    if (unknownHost != null) {
      String host = clean(unknownHost.getMessage());
      return host.isEmpty() ? "unknown host" : "unknown host: " + host;
    }
    if (find(error, SSLException.class) != null
        || all.contains("pkix")
        || all.contains("certificate")
        || all.contains("handshake")) {
      return "TLS handshake failed: " + clean(deepestMessage(chain));
    }
    if (find(error, ConnectException.class) != null || all.contains("connection refused")) {
      return "connection refused";
    }
    if (all.contains("connect timeout")) {
      return "connect timed out";
    }
    if (all.contains("reset")) {
      return "connection reset by peer";
    }
    if (all.contains("closed the connection") || all.contains("connection closed")) {
      return "connection closed by the target before the response was complete";
    }
    for (Throwable t : chain) {
      if (INVALID_RESPONSE_TYPES.contains(t.getClass().getSimpleName())) {
        return "invalid response: " + clean(t.getMessage());
      }
    }
    String detail = clean(deepestMessage(chain));
    return detail.isEmpty()
        ? "connection failed (" + error.getClass().getSimpleName() + ")"
        : "connection failed: " + detail;
  }

  /** First line, without fully qualified class names or Pekko command dumps, at most 200 chars. */
  static String clean(String message) {
    if (message == null) {
      return "";
    }
    String s = message.strip();
    int eol = s.indexOf('\n');
    if (eol >= 0) {
      s = s.substring(0, eol);
    }
    s = TCP_COMMAND.matcher(s).replaceAll("");
    s = CLASS_NAME.matcher(s).replaceAll("").strip();
    return s.length() > MAX_DETAIL ? s.substring(0, MAX_DETAIL) + "..." : s;
  }

  private static List<Throwable> chain(Throwable error) {
    List<Throwable> out = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = error; t != null && out.size() < MAX_DEPTH; t = t.getCause()) {
      if (seen.put(t, Boolean.TRUE) != null) {
        break;
      }
      out.add(t);
    }
    return out;
  }

  private static String allMessages(List<Throwable> chain) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t : chain) {
      sb.append(t.getClass().getSimpleName()).append(' ').append(t.getMessage()).append('\n');
    }
    return sb.toString();
  }

  // The innermost message is usually the most specific ("Connection refused", "PKIX path ...").
  private static String deepestMessage(List<Throwable> chain) {
    for (int i = chain.size() - 1; i >= 0; i--) {
      String m = chain.get(i).getMessage();
      if (m != null && !m.isBlank()) {
        return m;
      }
    }
    return null;
  }
}
