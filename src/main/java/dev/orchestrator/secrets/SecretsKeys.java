package dev.orchestrator.secrets;

import dev.orchestrator.config.SecretsSettings;
import dev.orchestrator.storage.DatabaseKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the key that seals sensitive headers: {@code SECRETS_KEY} when set; otherwise, on the
 * embedded H2 database, a key generated once into {@code DATA_DIR/secrets.key} and reused on every
 * later start. PostgreSQL has no such default: its nodes share one database, so they must share one
 * key, and a key generated on one machine would leave the others unable to send. Messages never
 * contain the key or any part of it.
 */
public final class SecretsKeys {
  /** The generated key's file name under DATA_DIR. */
  public static final String KEY_FILE = "secrets.key";

  static final int KEY_BYTES = 32;
  private static final Logger log = LoggerFactory.getLogger(SecretsKeys.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

  private SecretsKeys() {}

  /**
   * The 32-byte key, or an {@link IllegalStateException} that tells the operator what to set.
   *
   * @throws IllegalStateException when the key is missing with PostgreSQL, or is not base64 of 32
   *     bytes, or the key file cannot be read or written
   */
  public static byte[] resolve(SecretsSettings settings) {
    if (!settings.key().isEmpty()) {
      log.info("Sensitive request headers are encrypted with the key from SECRETS_KEY");
      return decode(settings.key(), "SECRETS_KEY");
    }
    if (settings.database() == DatabaseKind.POSTGRES) {
      throw new IllegalStateException(
          "SECRETS_KEY is required with PostgreSQL: set it to base64 of 32 random bytes"
              + " (for example the output of `openssl rand -base64 32`), the same on every node."
              + " Keep it safe: sensitive headers of stored calls cannot be sent without it.");
    }
    return fromFile(settings.dataDir().toAbsolutePath().normalize().resolve(KEY_FILE));
  }

  /** A fresh random key, base64 encoded: what SECRETS_KEY and the key file hold. */
  public static String generate() {
    byte[] key = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private static byte[] fromFile(Path file) {
    try {
      if (Files.exists(file)) {
        return read(file);
      }
      Files.createDirectories(file.getParent());
      try (SeekableByteChannel out =
          Files.newByteChannel(
              file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
        String encoded = generate();
        out.write(ByteBuffer.wrap((encoded + "\n").getBytes(StandardCharsets.US_ASCII)));
        log.info(
            "SECRETS_KEY is not set: generated a secrets key into {} (owner read/write only)."
                + " Back it up with the database; without it stored sensitive headers cannot be"
                + " sent",
            file);
        return decode(encoded, file.toString());
      } catch (FileAlreadyExistsException raced) {
        // Another start created it in between: theirs is the key the database will be used with.
        return read(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secrets key file " + file, e);
    }
  }

  private static byte[] read(Path file) throws IOException {
    if (usesPosix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
      log.warn("The secrets key file {} is readable by others than its owner; chmod 600 it", file);
    }
    log.info("Sensitive request headers are encrypted with the key in {}", file);
    return decode(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  private static byte[] decode(String encoded, String source) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded.strip());
    } catch (IllegalArgumentException e) {
      // Not chained: the decoder's message quotes a character of the key.
      throw new IllegalStateException(
          source + " is not valid base64; it must be base64 of 32 random bytes");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalStateException(
          source
              + " decodes to "
              + key.length
              + " bytes; it must be base64 of 32 random bytes (`openssl rand -base64 32`)");
    }
    return key;
  }

  private static FileAttribute<?>[] ownerOnly() {
    return usesPosix()
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
        : new FileAttribute<?>[0];
  }

  private static boolean usesPosix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
