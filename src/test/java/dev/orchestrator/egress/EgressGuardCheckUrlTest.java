package dev.orchestrator.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EgressGuardCheckUrlTest {

  private final FakeResolver resolver = new FakeResolver();
  private final EgressGuard guard = new EgressGuard(EgressPolicy.publicOnly(), resolver);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://x/",
        "file:///etc/passwd",
        "gopher://example.com:70/_x",
        "dict://example.com:11211/stat",
        "ldap://example.com/",
        "jar:http://example.com/a.jar!/",
        "data:text/plain,hi",
        "//example.com/scheme-relative",
        "/relative/path",
        "example.com/no-scheme",
        "http:example.com",
        "http:///only-path",
        "http://"
      })
  void checkUrl_schemeOrShapeNotAllowed_isInvalid(String url) {
    assertInvalid(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://user:pw@example.com/",
        "http://user@example.com/",
        "http://evil.com@127.0.0.1/",
        "http://user:pw@127.1/",
        "http://example.com:80@evil.example/"
      })
  void checkUrl_userinfo_isInvalid(String url) {
    CheckedUrl checked = assertInvalid(url);
    assertFalse(checked.violation().detail().contains("pw"), "never echo credentials");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://ex%61mple.com/",
        "http://%6c%6f%63%61%6c%68%6f%73%74/",
        "http://[fe80::1%25eth0]/",
        "http://exa mple.com/",
        "http://example.com/a b",
        "http://example.com/\ta",
        "http://example.com\\@127.0.0.1/",
        "http://example.com/\u0000",
        "http://exa\u200bmple.com/",
        " http://example.com/",
        "http://a..b/",
        "http://.example.com/",
        "http://a_b.example/",
        "http://-a.example/",
        "http://[::1/",
        "http://[1.2.3.4]/",
        "http://[::ffff:127.0.0.01]/"
      })
  void checkUrl_malformedHostOrCharacters_isInvalid(String url) {
    assertInvalid(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://example.com:0/",
        "http://example.com:65536/",
        "http://example.com:99999999999/",
        "http://example.com:-1/",
        "http://example.com:8o/"
      })
  void checkUrl_portOutOfRange_isInvalid(String url) {
    assertInvalid(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://2130706433/",
        "http://127.1/",
        "http://127.0.1/",
        "http://0177.0.0.1/",
        "http://0x7f.0.0.1/",
        "http://0x7f000001/",
        "http://017700000001/",
        "http://127.0.0.0x1/",
        "http://127.0.0.1./",
        "http://1.2.3.4.5/",
        "http://169.254.169.254.0/",
        "http://0/",
        "http://example.0x/",
        "http://example.123/",
        "http://\uff11\uff12\uff17.1/"
      })
  void checkUrl_ambiguousNumericHost_isInvalid(String url) {
    CheckedUrl checked = assertInvalid(url);
    assertTrue(checked.violation().detail().contains("ambiguous numeric host"), checked.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost/",
        "http://localhost./",
        "http://LOCALHOST:8080/",
        "http://api.localhost/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://db.internal/",
        "http://printer.local/",
        "http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/",
        "http://localhost\u3002/"
      })
  void checkUrl_refusedName_isNotAllowed(String url) {
    CheckedUrl checked = guard.checkUrl(url);
    assertEquals(EgressViolation.DESTINATION_NOT_ALLOWED, checked.violation().code(), url);
  }

  @ParameterizedTest
  @CsvSource({
    "https://example.com/a?b=1#frag, https://example.com/a?b=1",
    "HTTPS://Example.COM:8443/Path, https://example.com:8443/Path",
    "http://b\u00fccher.example/x, http://xn--bcher-kva.example/x",
    "http://example.com/\u00e4?q=\u00f6, http://example.com/%C3%A4?q=%C3%B6",
    "http://[2606:4700:0:0::1]:8080/, http://[2606:4700::1]:8080/",
    "http://93.184.215.14, http://93.184.215.14",
    "http://example.com./, http://example.com./",
    "http://example.com:/x, http://example.com/x"
  })
  void checkUrl_validUrl_isNormalized(String url, String expected) {
    CheckedUrl checked = guard.checkUrl(url);
    assertTrue(checked.ok(), () -> checked.violation().toString());
    assertEquals(expected, checked.uri().toString());
  }

  @Test
  void checkUrl_literalPrivateAddress_isLeftToTheAddressRules() {
    assertTrue(guard.checkUrl("http://127.0.0.1/").ok());
    assertTrue(resolver.lookups().isEmpty());
  }

  @Test
  void checkUrl_lengthCap_isEnforcedAt2048() {
    String base = "https://example.com/";
    String atCap = base + "a".repeat(UrlRules.MAX_LENGTH - base.length());
    assertTrue(guard.checkUrl(atCap).ok());
    assertInvalid(atCap + "a");
  }

  @Test
  void checkUrl_effectivePort_defaultsPerScheme() {
    assertEquals(443, guard.checkUrl("https://example.com/").effectivePort());
    assertEquals(80, guard.checkUrl("http://example.com/").effectivePort());
    assertEquals(8443, guard.checkUrl("http://example.com:8443/").effectivePort());
  }

  @Test
  void checkUrl_allowlistedLocalhostOnItsPort_passesOnlyThere() {
    EgressGuard allowing =
        new EgressGuard(EgressPolicy.create("localhost:18080", Set.of(), false), resolver);
    assertTrue(allowing.checkUrl("http://localhost:18080/sink").ok());
    assertFalse(allowing.checkUrl("http://localhost/").ok());
    assertFalse(allowing.checkUrl("http://api.localhost:18080/").ok());
  }

  @Test
  void checkUrl_null_isInvalid() {
    assertInvalid(null);
  }

  private CheckedUrl assertInvalid(String url) {
    CheckedUrl checked = guard.checkUrl(url);
    assertFalse(checked.ok(), () -> url + " should be refused");
    assertEquals(
        EgressViolation.INVALID_URL, checked.violation().code(), () -> url + ": " + checked);
    return checked;
  }
}
