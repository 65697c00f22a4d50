package dev.orchestrator.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DatabaseKindTest {
  @Test
  void fromUrl_h2AndPostgres_recognised() {
    assertEquals(DatabaseKind.H2, DatabaseKind.fromUrl("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1"));
    assertEquals(DatabaseKind.H2, DatabaseKind.fromUrl("jdbc:h2:file:/tmp/orchestrator"));
    assertEquals(
        DatabaseKind.POSTGRES, DatabaseKind.fromUrl("jdbc:postgresql://db:5432/orchestrator"));
  }

  @Test
  void fromUrl_otherDatabase_refusedWithoutLeakingTheUrl() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DatabaseKind.fromUrl("jdbc:mysql://db/orch?password=secret"));
    assertTrue(e.getMessage().contains("jdbc:postgresql:"), e.getMessage());
    assertTrue(e.getMessage().contains("jdbc:mysql:"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void fromUrl_emptyOrNull_refused() {
    assertThrows(IllegalArgumentException.class, () -> DatabaseKind.fromUrl(""));
    assertThrows(IllegalArgumentException.class, () -> DatabaseKind.fromUrl(null));
    assertThrows(IllegalArgumentException.class, () -> DatabaseKind.fromUrl("postgres://db/x"));
  }

  @Test
  void location_perKind() {
    assertEquals("classpath:db/migration/h2", DatabaseKind.H2.location());
    assertEquals("classpath:db/migration/postgresql", DatabaseKind.POSTGRES.location());
  }
}
