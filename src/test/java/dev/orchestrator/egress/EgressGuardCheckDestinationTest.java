package dev.orchestrator.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Address rules with the default policy. Public addresses are data only; nothing connects. */
class EgressGuardCheckDestinationTest {

  private final FakeResolver resolver = new FakeResolver();
  private final EgressGuard guard = new EgressGuard(EgressPolicy.publicOnly(), resolver);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/",
        "http://127.255.255.254:8080/",
        "http://0.0.0.0/",
        "http://0.1.2.3/",
        "http://10.0.0.1/",
        "http://172.16.0.1/",
        "http://172.31.255.255/",
        "http://192.168.1.1/",
        "http://169.254.169.254/latest/meta-data",
        "http://169.254.170.2/v2/credentials",
        "http://100.100.100.200/latest/meta-data",
        "http://100.64.0.1/",
        "http://192.0.0.1/",
        "http://192.0.2.1/",
        "http://198.51.100.1/",
        "http://203.0.113.1/",
        "http://198.18.0.1/",
        "http://198.19.255.255/",
        "http://192.88.99.1/",
        "http://224.0.0.1/",
        "http://239.255.255.250/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
        "http://[::1]/",
        "http://[::]/",
        "http://[0:0:0:0:0:0:0:1]/",
        "http://[::127.0.0.1]/",
        "http://[::a9fe:a9fe]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[64:ff9b::127.0.0.1]/",
        "http://[64:ff9b:1::1]/",
        "http://[2002:a9fe:a9fe::1]/",
        "http://[2002:7f00:1::]/",
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",
        "http://[2001:db8::1]/",
        "http://[100::1]/",
        "http://[fd00:ec2::254]/latest/meta-data",
        "http://[fc00::1]/",
        "http://[fe80::1]/",
        "http://[febf::1]/",
        "http://[fec0::1]/",
        "http://[ff02::1]/"
      })
  void checkDestination_specialAddressLiteral_isRefused(String url) {
    Optional<EgressViolation> violation = guard.checkDestination(url);
    assertEquals(EgressViolation.DESTINATION_NOT_ALLOWED, code(violation), url);
    assertTrue(resolver.lookups().isEmpty(), "literals never go to the resolver");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://93.184.215.14/",
        "http://1.1.1.1:8080/x",
        "http://172.32.0.1/",
        "http://100.128.0.1/",
        "http://[2606:4700::1]/",
        "http://[::ffff:93.184.215.14]/",
        "http://[64:ff9b::5db8:d70e]/",
        "http://[2002:5db8:d70e::1]/"
      })
  void checkDestination_publicAddressLiteral_isAllowed(String url) {
    assertEquals(Optional.empty(), guard.checkDestination(url), url);
  }

  @Test
  void checkDestination_nameResolvingToPublicAddresses_isAllowed() {
    resolver.answer("example.com", "93.184.215.14", "2606:4700::1");
    assertEquals(Optional.empty(), guard.checkDestination("https://example.com/hook"));
    assertEquals(List.of("example.com"), resolver.lookups());
  }

  @Test
  void checkDestination_nameResolvingToPrivateAddress_isRefused() {
    resolver.answer("intranet.example", "10.0.0.5");
    assertEquals(
        EgressViolation.DESTINATION_NOT_ALLOWED,
        code(guard.checkDestination("https://intranet.example/")));
  }

  @Test
  void checkDestination_oneOfSeveralAddressesPrivate_isRefused() {
    resolver.answer("mixed.example", "93.184.215.14", "127.0.0.1");
    assertEquals(
        EgressViolation.DESTINATION_NOT_ALLOWED,
        code(guard.checkDestination("https://mixed.example/")));
  }

  @Test
  void checkDestination_ipv4MappedMetadata_isRefused() {
    // Both shapes: JDK resolvers turn ::ffff:a.b.c.d into Inet4Address, others may not.
    resolver.answer("mapped.example", "::ffff:169.254.169.254");
    assertTrue(FakeResolver.ip("::ffff:169.254.169.254").getAddress().length == 16);
    assertEquals(
        EgressViolation.DESTINATION_NOT_ALLOWED,
        code(guard.checkDestination("http://mapped.example/")));
    assertEquals(
        EgressViolation.DESTINATION_NOT_ALLOWED,
        code(guard.checkDestination("http://[::ffff:169.254.169.254]/")));
  }

  @Test
  void checkDestination_awsImdsIpv6ViaName_isRefused() {
    resolver.answer("imds.example", "fd00:ec2::254");
    assertEquals(
        EgressViolation.DESTINATION_NOT_ALLOWED,
        code(guard.checkDestination("http://imds.example/latest/meta-data")));
  }

  @Test
  void checkDestination_unresolvableName_isUnresolvableHost() {
    assertEquals(
        EgressViolation.UNRESOLVABLE_HOST,
        code(guard.checkDestination("https://does-not-exist.example/")));
  }

  @Test
  void checkDestination_emptyAnswer_isUnresolvableHost() {
    resolver.answer("empty.example");
    assertEquals(
        EgressViolation.UNRESOLVABLE_HOST, code(guard.checkDestination("https://empty.example/")));
  }

  @Test
  void checkDestination_invalidUrl_neverResolves() {
    assertEquals(EgressViolation.INVALID_URL, code(guard.checkDestination("ftp://example.com/")));
    assertEquals(EgressViolation.INVALID_URL, code(guard.checkDestination("http://2130706433/")));
    assertEquals(
        EgressViolation.DESTINATION_NOT_ALLOWED, code(guard.checkDestination("http://localhost/")));
    assertTrue(resolver.lookups().isEmpty());
  }

  @Test
  void checkDestination_refusal_namesAddressAndRange() {
    resolver.answer("rebind.example", "169.254.169.254");
    String detail = guard.checkDestination("http://rebind.example/").orElseThrow().detail();
    assertTrue(detail.contains("169.254.169.254"), detail);
    assertTrue(detail.contains("169.254.0.0/16"), detail);
  }

  private static String code(Optional<EgressViolation> violation) {
    return violation.map(EgressViolation::code).orElse("allowed");
  }
}
