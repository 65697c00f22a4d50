package dev.orchestrator.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Connect-time vetting, DNS rebinding and the operator's allowlist. Nothing here connects. */
class EgressGuardVetTest {

  private final FakeResolver resolver = new FakeResolver();

  private EgressGuard guard(String allow, Integer... selfPorts) {
    return new EgressGuard(EgressPolicy.create(allow, Set.of(selfPorts), false), resolver);
  }

  @Test
  void vet_publicName_returnsFirstCheckedAddressResolved() throws Exception {
    resolver.answer("example.com", "93.184.215.14", "2606:4700::1");
    InetSocketAddress vetted = guard("").vet("example.com", 443);
    assertFalse(vetted.isUnresolved());
    assertEquals(FakeResolver.ip("93.184.215.14"), vetted.getAddress());
    assertEquals(443, vetted.getPort());
  }

  @Test
  void vet_dnsRebindingToLoopback_isRefusedAtConnectTime() throws Exception {
    resolver.answer("rebind.example", "93.184.215.14").answer("rebind.example", "127.0.0.1");
    EgressGuard guard = guard("");
    assertEquals(Optional.empty(), guard.checkDestination("http://rebind.example/"));
    EgressDeniedException denied =
        assertThrows(EgressDeniedException.class, () -> guard.vet("rebind.example", 80));
    assertEquals(EgressViolation.DESTINATION_NOT_ALLOWED, denied.getViolation().code());
    assertTrue(denied.getMessage().contains("127.0.0.1"), denied.getMessage());
  }

  @Test
  void vet_dnsRebindingAfterVet_cannotChangeTheReturnedAddress() throws Exception {
    resolver.answer("rebind.example", "93.184.215.14").answer("rebind.example", "127.0.0.1");
    InetSocketAddress vetted = guard("").vet("rebind.example", 80);
    // The caller connects to this address; a later lookup answering 127.0.0.1 is never used.
    assertEquals(FakeResolver.ip("93.184.215.14"), vetted.getAddress());
    assertEquals(List.of("rebind.example"), resolver.lookups());
  }

  @Test
  void vet_unresolvableName_throwsUnknownHost() {
    assertThrows(UnknownHostException.class, () -> guard("").vet("nowhere.example", 443));
  }

  @Test
  void vet_ambiguousNumericOrBadPort_isRefusedWithoutLookup() {
    EgressGuard guard = guard("");
    assertThrows(EgressDeniedException.class, () -> guard.vet("2130706433", 80));
    assertThrows(EgressDeniedException.class, () -> guard.vet("0177.0.0.1", 80));
    assertThrows(EgressDeniedException.class, () -> guard.vet("93.184.215.14", 0));
    assertThrows(EgressDeniedException.class, () -> guard.vet("93.184.215.14", 65536));
    assertThrows(EgressDeniedException.class, () -> guard.vet("localhost", 80));
    assertTrue(resolver.lookups().isEmpty());
  }

  @Test
  void vet_ipv6HostBracketedOrBare_isJudgedTheSame() throws Exception {
    EgressGuard guard = guard("");
    assertThrows(EgressDeniedException.class, () -> guard.vet("[::1]", 80));
    assertThrows(EgressDeniedException.class, () -> guard.vet("::1", 80));
    assertEquals(FakeResolver.ip("2606:4700::1"), guard.vet("[2606:4700::1]", 80).getAddress());
    assertEquals(FakeResolver.ip("2606:4700::1"), guard.vet("2606:4700::1", 80).getAddress());
  }

  @Test
  void vet_loopbackRangeAllowlisted_allowsOnlyListedAddressAndPorts() throws Exception {
    EgressGuard guard = guard("127.0.0.1/32:18080-18099");
    assertEquals(FakeResolver.ip("127.0.0.1"), guard.vet("127.0.0.1", 18085).getAddress());
    assertTrue(guard.vet("127.0.0.1", 18080) != null && guard.vet("127.0.0.1", 18099) != null);
    assertThrows(EgressDeniedException.class, () -> guard.vet("127.0.0.1", 18100));
    assertThrows(EgressDeniedException.class, () -> guard.vet("127.0.0.1", 18079));
    assertThrows(EgressDeniedException.class, () -> guard.vet("127.0.0.2", 18085));
    assertThrows(EgressDeniedException.class, () -> guard.vet("::1", 18085));
    assertThrows(EgressDeniedException.class, () -> guard.vet("10.0.0.1", 18085));
  }

  @Test
  void checkDestination_loopbackAllowlisted_passesOnlyInTestConfig() {
    String url = "http://127.0.0.1:18085/sink";
    assertEquals(Optional.empty(), guard("127.0.0.1/32:18080-18099").checkDestination(url));
    assertTrue(guard("").checkDestination(url).isPresent(), "default config refuses loopback");
  }

  @Test
  void vet_ipv6LoopbackAllowlisted_allowsListedPorts() throws Exception {
    EgressGuard guard = guard("[::1]/128:18080-18099");
    assertEquals(FakeResolver.ip("::1"), guard.vet("[::1]", 18080).getAddress());
    assertThrows(EgressDeniedException.class, () -> guard.vet("[::1]", 8080));
    assertThrows(EgressDeniedException.class, () -> guard.vet("127.0.0.1", 18080));
  }

  @Test
  void vet_selfPort_isRefusedEvenWhenAllowlisted() throws Exception {
    EgressGuard guard = guard("127.0.0.1, [::1], 0.0.0.0/32, localhost", 8080, 7355, 5432);
    resolver.answer("localhost", "127.0.0.1", "::1");
    for (int self : List.of(8080, 7355, 5432)) {
      assertThrows(EgressDeniedException.class, () -> guard.vet("127.0.0.1", self));
      assertThrows(EgressDeniedException.class, () -> guard.vet("[::1]", self));
      assertThrows(EgressDeniedException.class, () -> guard.vet("0.0.0.0", self));
      assertThrows(EgressDeniedException.class, () -> guard.vet("localhost", self));
    }
    assertEquals(FakeResolver.ip("127.0.0.1"), guard.vet("127.0.0.1", 8081).getAddress());
  }

  @Test
  void vet_selfPortOnPublicAddress_isAllowed() throws Exception {
    assertEquals(80, guard("", 80).vet("93.184.215.14", 80).getPort());
  }

  @Test
  void vet_localhostEntry_unlocksNameAndItsLoopbackAddresses() throws Exception {
    resolver.answer("localhost", "127.0.0.1", "::1");
    EgressGuard guard = guard("localhost:18080");
    assertEquals(FakeResolver.ip("127.0.0.1"), guard.vet("localhost", 18080).getAddress());
    assertEquals(Optional.empty(), guard.checkDestination("http://localhost:18080/"));
    assertThrows(EgressDeniedException.class, () -> guard.vet("localhost", 18081));
    assertThrows(EgressDeniedException.class, () -> guard.vet("127.0.0.1", 18080));
  }

  @Test
  void vet_hostnameEntry_unlocksOnlyThatName() throws Exception {
    resolver.answer("sink.test", "10.1.2.3").answer("other.test", "10.1.2.3");
    EgressGuard guard = guard("SINK.test.");
    assertEquals(FakeResolver.ip("10.1.2.3"), guard.vet("sink.test", 443).getAddress());
    assertEquals(Optional.empty(), guard.checkDestination("https://Sink.Test/"));
    assertThrows(EgressDeniedException.class, () -> guard.vet("other.test", 443));
  }

  @Test
  void vet_hostnameEntryResolvingToMetadata_staysRefusedUnlessUnsafe() throws Exception {
    resolver.answer("sink.test", "169.254.169.254");
    assertThrows(EgressDeniedException.class, () -> guard("sink.test").vet("sink.test", 80));
    EgressGuard unsafe =
        new EgressGuard(EgressPolicy.create("sink.test", Set.of(), true), resolver);
    assertEquals(FakeResolver.ip("169.254.169.254"), unsafe.vet("sink.test", 80).getAddress());
  }

  @Test
  void vet_privateCidrAllowlisted_allowsInsideOnly() throws Exception {
    EgressGuard guard = guard("10.20.0.0/16");
    assertEquals(FakeResolver.ip("10.20.3.4"), guard.vet("10.20.3.4", 9000).getAddress());
    assertThrows(EgressDeniedException.class, () -> guard.vet("10.21.0.1", 9000));
  }
}
