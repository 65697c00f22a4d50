package dev.orchestrator.storage;

/**
 * The databases we run on, recognised from the JDBC URL; anything else is refused at startup. Each
 * kind names the Flyway location holding its migrations.
 */
public enum DatabaseKind {
  H2("classpath:db/migration/h2"),
  POSTGRES("classpath:db/migration/postgresql");

  private final String location;

  DatabaseKind(String location) {
    this.location = location;
  }

  /** Flyway location of this database's migrations. */
  public String location() {
    return location;
  }

  /**
   * The kind of database a JDBC URL points at.
   *
   * @throws IllegalArgumentException unless the URL starts with {@code jdbc:postgresql:} or {@code
   *     jdbc:h2:}
   */
  public static DatabaseKind fromUrl(String jdbcUrl) {
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRES;
    }
    throw new IllegalArgumentException(
        "DATABASE_URL must start with jdbc:postgresql: (or jdbc:h2: for the embedded database),"
            + " got "
            + scheme(jdbcUrl));
  }

  /** The URL up to its second colon: enough to diagnose, without host, user or password. */
  private static String scheme(String jdbcUrl) {
    if (jdbcUrl == null || jdbcUrl.isBlank()) {
      return "an empty URL";
    }
    int first = jdbcUrl.indexOf(':');
    int second = first < 0 ? -1 : jdbcUrl.indexOf(':', first + 1);
    if (second < 0) {
      return "a URL without a jdbc:<driver>: prefix";
    }
    return "'" + jdbcUrl.substring(0, second + 1) + "...'";
  }
}
