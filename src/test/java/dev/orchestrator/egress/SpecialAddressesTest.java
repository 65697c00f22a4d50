package dev.orchestrator.egress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecialAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "10.255.255.255, 10.0.0.0/8",
    "172.16.0.1, 172.16.0.0/12",
    "169.254.169.254, 169.254.0.0/16",
    "100.100.100.200, 100.64.0.0/10",
    "255.255.255.255, 255.255.255.255/32",
    "::, ::/128",
    "::1, ::1/128",
    "::127.0.0.1, ::/96",
    "::ffff:169.254.169.254, 169.254.0.0/16",
    "64:ff9b::a9fe:a9fe, 169.254.0.0/16",
    "2002:a00:1::, 10.0.0.0/8",
    "64:ff9b:1::1, 64:ff9b:1::/48",
    "2001::1, 2001::/32",
    "fd00:ec2::254, fc00::/7"
  })
  void denyReason_specialAddress_namesItsRange(String address, String range) {
    String reason = SpecialAddresses.denyReason(IpLiterals.parseAny(address)).orElseThrow();
    assertTrue(reason.contains(range), reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "::1", "::", "::ffff:127.0.0.2", "::127.0.0.1"})
  void isLocal_loopbackOrAnySpelling_isTrue(String address) {
    assertTrue(SpecialAddresses.isLocal(IpLiterals.parseAny(address)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.0.1", "93.184.215.14", "fe80::1", "64:ff9b::7f00:1"})
  void isLocal_otherAddress_isFalse(String address) {
    assertFalse(SpecialAddresses.isLocal(IpLiterals.parseAny(address)));
  }

  @Test
  void isMetadata_allSpellingsOfImds_areTrue() {
    for (String a :
        new String[] {
          "169.254.169.254", "::ffff:169.254.169.254", "::169.254.169.254", "64:ff9b::a9fe:a9fe",
          "2002:a9fe:a9fe::", "fd00:ec2::254", "100.100.100.200", "169.254.170.2"
        }) {
      assertTrue(SpecialAddresses.isMetadata(IpLiterals.parseAny(a)), a);
    }
    assertFalse(SpecialAddresses.isMetadata(IpLiterals.parseAny("127.0.0.1")));
  }

  @Test
  void cidr_overlaps_isSymmetric() {
    Cidr wide = Cidr.parse("10.0.0.0/8");
    Cidr narrow = Cidr.parse("10.1.0.0/16");
    assertTrue(wide.overlaps(narrow) && narrow.overlaps(wide));
    assertFalse(Cidr.parse("11.0.0.0/8").overlaps(narrow));
    assertFalse(Cidr.parse("::/0").contains(IpLiterals.parseAny("1.2.3.4")));
    assertEquals(
        "::ffff:a9fe:0/112",
        Cidr.parse("169.254.0.0/16").embeddedIn(Cidr.parse("::ffff:0:0/96"), 12).toString());
  }
}
