package dev.orchestrator.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import dev.orchestrator.domain.TenantId;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningSettingsTest {
  // 24 bytes of 0x01 and 32 bytes of 0x02: both encodings end in base64 padding or not, on purpose.
  private static final byte[] KEY_1 = filled(24, 1);
  private static final byte[] KEY_2 = filled(32, 2);
  private static final String WHSEC_1 = "whsec_" + Base64.getEncoder().encodeToString(KEY_1);
  private static final String WHSEC_2 = "whsec_" + Base64.getEncoder().encodeToString(KEY_2);
  private static final TenantId ACME = new TenantId("acme");

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  @Test
  void parse_pairs_keepsSecretsPerTenant() {
    var settings = SigningSettings.parse(" acme = " + WHSEC_1 + " , beta-2=" + WHSEC_2 + ",");

    assertEquals(2, settings.tenantCount());
    assertArrayEquals(KEY_1, settings.secretsOf(ACME).get(0).key());
    assertArrayEquals(KEY_2, settings.secretsOf(new TenantId("beta-2")).get(0).key());
    assertEquals(List.of(), settings.secretsOf(new TenantId("other")));
  }

  @Test
  void parse_tenantListedTwice_signsWithBothInConfiguredOrder() {
    var settings = SigningSettings.parse("acme=" + WHSEC_2 + ",acme=" + WHSEC_1);

    var secrets = settings.secretsOf(ACME);
    assertEquals(2, secrets.size());
    assertArrayEquals(KEY_2, secrets.get(0).key());
    assertArrayEquals(KEY_1, secrets.get(1).key());
  }

  @Test
  void parse_sameSecretTwice_keepsOne() {
    assertEquals(
        1, SigningSettings.parse("acme=" + WHSEC_1 + ",acme=" + WHSEC_1).secretsOf(ACME).size());
  }

  @Test
  void parse_paddedBase64_splitsAtFirstEquals() {
    String padded = "whsec_" + Base64.getEncoder().encodeToString(filled(25, 3));
    assertTrue(padded.endsWith("="));

    assertArrayEquals(
        filled(25, 3), SigningSettings.parse("acme=" + padded).secretsOf(ACME).get(0).key());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", ",", " , "})
  void parse_empty_signsNobody(String spec) {
    assertEquals(0, SigningSettings.parse(spec).tenantCount());
  }

  @Test
  void parse_invalidTenant_namesEntryNotSecret() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SigningSettings.parse("acme=" + WHSEC_1 + ",Bad Tenant=" + WHSEC_2));

    assertEquals("SIGNING_SECRETS entry 2 has an invalid tenant id", e.getMessage());
  }

  @Test
  void parse_missingPrefix_isRefusedWithoutEchoingSecret() {
    String raw = Base64.getEncoder().encodeToString(KEY_2);
    var e =
        assertThrows(IllegalArgumentException.class, () -> SigningSettings.parse("acme=" + raw));

    assertEquals(
        "SIGNING_SECRETS entry 1 for tenant acme: secret must start with whsec_", e.getMessage());
  }

  @Test
  void parse_invalidBase64_isRefusedWithoutEchoingAnyPartOfIt() {
    String secret = "whsec_not*base64!" + "Q".repeat(30);
    var e =
        assertThrows(IllegalArgumentException.class, () -> SigningSettings.parse("acme=" + secret));

    assertEquals(
        "SIGNING_SECRETS entry 1 for tenant acme: secret after whsec_ is not valid base64",
        e.getMessage());
    assertFalse(e.getMessage().contains("*"));
  }

  @Test
  void parse_secretShorterThan24Bytes_isRefused() {
    String shortOne = "whsec_" + Base64.getEncoder().encodeToString(filled(23, 4));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> SigningSettings.parse("acme=" + shortOne));

    assertEquals(
        "SIGNING_SECRETS entry 1 for tenant acme: secret must decode to at least 24 bytes",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme", "=whsec_x", "acme="})
  void parse_entryWithoutTenantOrSecret_isRefused(String entry) {
    var e = assertThrows(IllegalArgumentException.class, () -> SigningSettings.parse(entry));

    assertTrue(e.getMessage().startsWith("SIGNING_SECRETS entry 1 "), e.getMessage());
  }

  @Test
  void toString_neverShowsSecret() {
    var settings = SigningSettings.parse("acme=" + WHSEC_1);
    String printed = settings + " " + settings.secretsOf(ACME).get(0);

    assertFalse(printed.contains(WHSEC_1.substring(6)), printed);
    assertTrue(printed.contains("acme"), printed);
  }

  @Test
  void secret_keyAccessor_returnsCopy() {
    var secret = SigningSecret.fromWhsec(WHSEC_1);
    secret.key()[0] = 9;

    assertArrayEquals(KEY_1, secret.key());
  }

  @Test
  void fromConfig_readsSigningSecretsKey() {
    var config = ConfigFactory.parseMap(Map.of("orchestrator.signing-secrets", "acme=" + WHSEC_1));

    assertEquals(SigningSettings.parse("acme=" + WHSEC_1), SigningSettings.fromConfig(config));
    assertEquals(SigningSettings.none(), SigningSettings.fromConfig(ConfigFactory.empty()));
  }

  @Test
  void shippedApplicationConf_signsNobodyByDefault() {
    // Resolved without the environment, so a SIGNING_SECRETS set where tests run cannot leak in.
    var config =
        ConfigFactory.parseResources("application.conf").resolve(ConfigResolveOptions.noSystem());

    assertEquals("", config.getString("orchestrator.signing-secrets"));
    assertEquals(SigningSettings.none(), SigningSettings.fromConfig(config));
  }
}
