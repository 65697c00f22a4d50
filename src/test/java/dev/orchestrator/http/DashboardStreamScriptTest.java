package dev.orchestrator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orchestrator.testing.HeadlessChromium;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's own stream code, run in Chromium on the files as served: the text/event-stream
 * parser (lines split across chunks, CRLF, comments, multi-line data, ids) and the search for the
 * tenant's last event offset (right answer, logarithmic number of requests). Pure logic, so no
 * node: only the static routes.
 */
class DashboardStreamScriptTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs in the page; calls back with a JSON string (or "error: …"). */
  private static final String SCRIPT =
      """
      const done = arguments[arguments.length - 1];
      import('/ui/js/stream.js').then(async (m) => {
        const events = [];
        const parser = new m.SseParser((e) => events.push(e));
        for (const chunk of [': heartbeat\\r', '\\n\\r\\nid: 7\\r', '\\nevent: A\\ndata: {"x":',
            '1}\\ndata: 2\\n\\n', 'id: 8\\ndata:3\\r\\n\\n', 'data: no id\\n\\n']) {
          parser.push(chunk);
        }
        const dense = Array.from({length: 5000}, (_, i) => i + 1);
        const tails = [];
        for (const offsets of [[], [1], [3, 5, 9, 40, 41, 1000], [2 ** 20], dense]) {
          let requests = 0;
          const api = {events: async (after, limit) => {
            requests++;
            const next = offsets.find((o) => o > after);
            return {events: next === undefined ? [] : [{offset: next}].slice(0, limit)};
          }};
          tails.push({tail: await m.tailOffset(api), requests});
        }
        done(JSON.stringify({events, tails}));
      }).catch((e) => done('error: ' + e));
      """;

  @Test
  void sseParserAndTailSearch_behaveInTheBrowser() throws Exception {
    HeadlessChromium.assumeAvailable();
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "dashboard-script");
    try (HeadlessChromium chromium = HeadlessChromium.start(800, 600)) {
      ServerBinding binding =
          Http.get(system)
              .newServerAt("127.0.0.1", 0)
              .bind(new DashboardRoutes().routes())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      var browser = chromium.driver();
      browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
      // about:blank has no origin to import from; the page must not connect (no key is stored).
      browser.get("http://127.0.0.1:" + binding.localAddress().getPort() + "/ui/");
      Object result = browser.executeAsyncScript(SCRIPT);
      JsonNode out = JSON.readTree(String.valueOf(result));

      assertEquals(
          JSON.readTree(
              """
              [{"id":"7","type":"A","data":"{\\"x\\":1}\\n2"},
               {"id":"8","type":"message","data":"3"},
               {"id":"8","type":"message","data":"no id"}]"""),
          out.get("events"),
          "parsed events");
      long[] tails = {0, 1, 1000, 1L << 20, 5000};
      for (int i = 0; i < tails.length; i++) {
        JsonNode t = out.get("tails").get(i);
        assertEquals(tails[i], t.get("tail").asLong(), "tail of case " + i);
      }
      // 5000 dense offsets: a gallop and a bisection, about 2·log2(5000) ≈ 25 requests.
      int dense = out.get("tails").get(4).get("requests").asInt();
      assertTrue(dense <= 30, "requests for 5000 offsets: " + dense);
    } finally {
      system.terminate();
    }
  }
}
