package dev.orchestrator.egress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.0.0.01", "256.0.0.1", "1.2.3.4.",
        "1.2.3", "1.2.3.4.5", "1..3.4", "", "+1.2.3.4", "1.2.3.-4", "\u0661.2.3.4"
      })
  void parseV4_nonCanonical_isNull(String text) {
    assertNull(IpLiterals.parseV4(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ":::",
        "1::2::3",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8::",
        ":1::",
        "::1:",
        "12345::",
        "g::1",
        "::ffff:127.0.0.01",
        "::ffff:127.1",
        "1.2.3.4::",
        "::1.2.3.4:5",
        "fe80::1%eth0",
        ""
      })
  void parseV6_malformed_isNull(String text) {
    assertNull(IpLiterals.parseV6(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::",
        "::1",
        "1::",
        "2606:4700::1",
        "fd00:ec2::254",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "64:ff9b::a9fe:a9fe",
        "::127.0.0.1",
        "1:2:3:4:5:6:1.2.3.4",
        "FE80::ABCD"
      })
  void parseV6_valid_matchesTheJdk(String text) throws Exception {
    // Bracketed, the JDK parses IPv6 text without any lookup.
    byte[] jdk = InetAddress.getByName("[" + text + "]").getAddress();
    assertArrayEquals(jdk, IpLiterals.parseV6(text));
  }

  @ParameterizedTest
  @CsvSource({
    "0:0:0:0:0:0:0:0, ::",
    "0:0:0:0:0:0:0:1, ::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    "fd00:ec2:0:0:0:0:0:254, fd00:ec2::254",
    "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0"
  })
  void format_ipv6_isRfc5952(String full, String expected) {
    assertEquals(expected, IpLiterals.format(IpLiterals.parseV6(full)));
  }
}
