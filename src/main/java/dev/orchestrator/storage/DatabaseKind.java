package dev.orchestrator.storage;

/** The databases we run on, recognised from the JDBC URL; anything else is refused at startup. */
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

  public static DatabaseKind fromUrl(String jdbcUrl) {
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRES;
    }
    throw new IllegalArgumentException(
        "DATABASE_URL must start with jdbc:postgresql: (or jdbc:h2: for the embedded database)");
  }
}
