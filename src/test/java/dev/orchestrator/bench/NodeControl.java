package dev.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks run.sh, which owns the node's process, to measure, stop or start it: the hold scenario needs
 * the node's heap after a full GC, its RSS, and a restart, while the sink (in this process) keeps
 * listening. A request is a file {@code request} ("seq command") in the node-control directory;
 * run.sh answers with a file {@code response} of key=value lines, {@code seq=} first and {@code
 * error=} on failure. Both files are written elsewhere and renamed, so neither side reads a
 * half-written one. Commands: {@code heap} (heap_used_mb after a full GC, rss_mb), {@code stop}
 * (stop_ms) and {@code start} (start_to_ready_ms).
 */
final class NodeControl {
  private final Path dir;
  private int seq;

  NodeControl(Path dir) {
    this.dir = dir;
  }

  Map<String, String> request(String command, Duration timeout)
      throws IOException, InterruptedException {
    seq++;
    Path response = dir.resolve("response");
    Files.deleteIfExists(response);
    Path tmp = dir.resolve("request.tmp");
    Files.writeString(tmp, seq + " " + command + "\n");
    Files.move(tmp, dir.resolve("request"), StandardCopyOption.ATOMIC_MOVE);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.exists(response)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IOException("run.sh did not answer '" + command + "' within " + timeout);
      }
      Thread.sleep(20);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(response)) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        out.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    Files.delete(response);
    if (!Integer.toString(seq).equals(out.get("seq"))) {
      throw new IOException("run.sh answered request " + out.get("seq") + ", expected " + seq);
    }
    if (out.containsKey("error")) {
      throw new IOException("run.sh could not " + command + " the node: " + out.get("error"));
    }
    return out;
  }
}
