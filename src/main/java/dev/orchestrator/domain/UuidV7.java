package dev.orchestrator.domain;

import java.time.Instant;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Time-ordered UUIDs (RFC 9562 version 7): 48 bits of Unix milliseconds, then random bits. Ids of
 * calls created later sort later, which keeps index inserts local.
 */
public final class UuidV7 {
  private UuidV7() {}

  public static UUID generate(Instant now, RandomGenerator random) {
    long millis = now.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
    long msb = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
