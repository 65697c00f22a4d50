package dev.orchestrator.execution;

import dev.orchestrator.domain.Redaction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.util.ByteString;

/**
 * Reads at most a fixed number of bytes of a response body and stops. Stopping cancels the entity
 * stream, which makes Pekko close that connection instead of draining an arbitrarily large body
 * into the pool; the kill switch lets the caller cut a dribbling body at the attempt timeout.
 */
final class CappedBodyReader {
  private CappedBodyReader() {}

  /** The running read: bytes (at most the cap) when it ends, and how to cut it early. */
  record Reading(CompletionStage<ByteString> bytes, Runnable cut) {}

  private static final Runnable NOTHING_TO_CUT = () -> {};

  static Reading start(HttpEntity entity, int maxBytes, Materializer mat) {
    // A body that arrived with its head (most replies) is already in memory: taking the capped
    // prefix saves a stream materialisation per attempt.
    if (entity instanceof HttpEntity.Strict strict) {
      ByteString data = strict.getData();
      return new Reading(
          CompletableFuture.completedFuture(data.size() > maxBytes ? data.take(maxBytes) : data),
          NOTHING_TO_CUT);
    }
    long[] kept = {0};
    // The cap is ours, so Pekko's own size limit (if configured) must not fail the read first.
    Pair<UniqueKillSwitch, CompletionStage<ByteString>> run =
        entity
            .withoutSizeLimit()
            .getDataBytes()
            .viaMat(KillSwitches.single(), Keep.right())
            .map(
                chunk -> {
                  int room = (int) Math.min(chunk.size(), maxBytes - kept[0]);
                  kept[0] += room;
                  return chunk.take(room);
                })
            .takeWhile(chunk -> kept[0] < maxBytes, true)
            .toMat(
                Sink.<ByteString, ByteString>fold(
                    ByteString.emptyByteString(), (acc, chunk) -> acc.concat(chunk)),
                Keep.both())
            .run(mat);
    UniqueKillSwitch killSwitch = run.first();
    return new Reading(run.second(), killSwitch::shutdown);
  }

  /** UTF-8, leniently (malformed bytes become U+FFFD), cut to {@code maxChars}. */
  static String snippet(ByteString bytes, int maxChars) {
    String text = new String(bytes.toArray(), StandardCharsets.UTF_8);
    if (text.length() <= maxChars) {
      return text;
    }
    int end = maxChars;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--; // never keep half a surrogate pair
    }
    return text.substring(0, end);
  }

  /**
   * Response headers by name (repeats joined with ", "), credentials masked. Content-Type and
   * Content-Length live on Pekko's entity, not in the header list, so they are added back.
   */
  static Map<String, String> headers(HttpResponse response) {
    Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpHeader h : response.getHeaders()) {
      String value = Redaction.isSensitive(h.name()) ? Redaction.MASK : h.value();
      out.merge(h.name(), value, (a, b) -> a + ", " + b);
    }
    HttpEntity entity = response.entity();
    if (!entity.getContentType().equals(ContentTypes.NO_CONTENT_TYPE)) {
      out.put("Content-Type", entity.getContentType().toString());
    }
    entity.getContentLengthOption().ifPresent(len -> out.put("Content-Length", Long.toString(len)));
    return out;
  }
}
