package dev.orchestrator.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** One scrape of a Prometheus text endpoint, with look-ups of single samples. */
public record Scrape(int status, String contentType, String body) {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  public static Scrape of(int port, String path) {
    try {
      var response =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return new Scrape(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(""),
          response.body());
    } catch (Exception e) {
      throw new AssertionError("scrape of " + path + " failed", e);
    }
  }

  /** The metrics endpoint of a node's management port. */
  public static Scrape metrics(TestNode node) {
    return of(
        node.node().system().settings().config().getInt("pekko.management.http.port"), "/metrics");
  }

  /**
   * The value of the first sample named {@code name} carrying all {@code labels}, or 0 when there
   * is none (a counter that never moved may be absent).
   */
  public double value(String name, Map<String, String> labels) {
    return find(name, labels) == null ? 0 : Double.parseDouble(find(name, labels));
  }

  public boolean has(String name, Map<String, String> labels) {
    return find(name, labels) != null;
  }

  private String find(String name, Map<String, String> labels) {
    for (String line : body.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      String rest = line.substring(name.length());
      if (!(rest.startsWith("{") || rest.startsWith(" "))) {
        continue;
      }
      String labelPart = rest.startsWith("{") ? rest.substring(0, rest.indexOf('}') + 1) : "";
      boolean all =
          labels.entrySet().stream()
              .allMatch(e -> labelPart.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all) {
        return line.substring(line.lastIndexOf(' ') + 1);
      }
    }
    return null;
  }
}
