package dev.orchestrator.egress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * Properties over the whole address space: numeric tricks and IPv6 spellings never slip through.
 */
class EgressPropertiesTest {

  private final EgressGuard guard = new EgressGuard(EgressPolicy.publicOnly(), new FakeResolver());

  @Property
  void format_thenParse_roundTrips(@ForAll @Size(16) byte[] v6, @ForAll @Size(4) byte[] v4) {
    assertArrayEquals(v6, IpLiterals.parseV6(IpLiterals.format(v6)));
    assertArrayEquals(v4, IpLiterals.parseV4(IpLiterals.format(v4)));
  }

  @Property
  void checkUrl_integerOrHexOrOctalHost_isAlwaysInvalid(@ForAll int address) {
    long unsigned = Integer.toUnsignedLong(address);
    for (String host :
        new String[] {
          Long.toString(unsigned),
          "0x" + Long.toHexString(unsigned),
          "0" + Long.toOctalString(unsigned)
        }) {
      CheckedUrl checked = guard.checkUrl("http://" + host + "/");
      assertEquals(EgressViolation.INVALID_URL, checked.violation().code(), host);
    }
  }

  @Property
  void denyReason_embeddedIpv4_judgedLikeThePlainAddress(@ForAll @Size(4) byte[] v4) {
    boolean denied = SpecialAddresses.denyReason(v4).isPresent();
    for (String carrier : new String[] {"::ffff:0:0", "64:ff9b::"}) {
      byte[] v6 = IpLiterals.parseV6(carrier);
      System.arraycopy(v4, 0, v6, 12, 4);
      assertEquals(denied, SpecialAddresses.denyReason(v6).isPresent(), IpLiterals.format(v6));
    }
    byte[] sixToFour = IpLiterals.parseV6("2002::");
    System.arraycopy(v4, 0, sixToFour, 2, 4);
    assertEquals(denied, SpecialAddresses.denyReason(sixToFour).isPresent());
  }

  @Property
  void checkDestination_literal_agreesWithTheDenylist(@ForAll @Size(4) byte[] v4) {
    Optional<EgressViolation> result =
        guard.checkDestination("http://" + IpLiterals.format(v4) + "/");
    assertEquals(SpecialAddresses.denyReason(v4).isPresent(), result.isPresent());
  }
}
