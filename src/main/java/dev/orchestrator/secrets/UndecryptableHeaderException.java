package dev.orchestrator.secrets;

/**
 * A sealed header value that cannot be opened with the current key: the key changed since the call
 * was accepted, or the stored value was altered. The message names the header, never its value.
 */
public final class UndecryptableHeaderException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String headerName;

  UndecryptableHeaderException(String headerName) {
    // No cause and no stack trace: neither helps, and a cause could carry cipher internals.
    super(
        "header '"
            + headerName
            + "' could not be decrypted: the secrets key (SECRETS_KEY or DATA_DIR/secrets.key)"
            + " changed since the call was accepted",
        null,
        false,
        false);
    this.headerName = headerName;
  }

  public String headerName() {
    return headerName;
  }
}
