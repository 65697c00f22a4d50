package dev.orchestrator.egress;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EgressPolicyTest {

  @Test
  void create_nullOrBlankSpec_allowsNothingExtra() {
    assertTrue(EgressPolicy.create(null, null, false).allowsNothingExtra());
    assertTrue(EgressPolicy.create("  ", Set.of(), false).describeAllowList().isEmpty());
  }

  @Test
  void create_entriesWithSpacesAndEmptyItems_areParsed() {
    EgressPolicy policy =
        EgressPolicy.create(
            " sink.test , ,127.0.0.1/32:18080-18099,[::1]/128:18080-18099, [::1],localhost:9",
            Set.of(),
            false);
    assertEquals(5, policy.describeAllowList().size());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.0.0.0/0",
        "[::]/0",
        "[::]/0:443",
        "169.254.0.0/16",
        "169.254.169.254",
        "169.254.169.254/32:80",
        "169.254.170.2",
        "169.0.0.0/8",
        "128.0.0.0/1",
        "100.100.100.200",
        "100.64.0.0/10",
        "[fd00:ec2::254]",
        "[fd00::]/8",
        "[::ffff:169.254.169.254]",
        "[::ffff:0:0]/96",
        "[64:ff9b::]/96",
        "[2002::]/16"
      })
  void create_catchAllOrMetadataEntry_isRejectedUnlessUnsafe(String entry) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> EgressPolicy.create(entry, Set.of(), false));
    assertTrue(e.getMessage().contains(entry), e.getMessage());
    assertTrue(e.getMessage().contains("unsafe"), e.getMessage());
    assertDoesNotThrow(() -> EgressPolicy.create(entry, Set.of(), true));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::1",
        "::1/128:18080",
        "[::1",
        "[127.0.0.1]",
        "[::1]x",
        "10.0.0.0/33",
        "[::1]/129",
        "127.0.0.1/8",
        "127.0.0.1/",
        "127.0.0.1:0",
        "127.0.0.1:65536",
        "127.0.0.1:18099-18080",
        "127.0.0.1:abc",
        "127.0.0.1:",
        "127.0.0.1:80:81",
        "127.1",
        "2130706433",
        "*.example.com",
        "http://sink.test",
        "sink test",
        "sink.test/24",
        "a..b"
      })
  void create_malformedEntry_isRejectedWithTheEntryNamed(String entry) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> EgressPolicy.create(entry, Set.of(), true));
    assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
  }

  @Test
  void create_hostBitsSet_suggestsTheNetwork() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> EgressPolicy.create("127.0.0.1/8", Set.of(), false));
    assertTrue(e.getMessage().contains("127.0.0.0/8"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536})
  void create_selfPortOutOfRange_isRejected(int port) {
    assertThrows(
        IllegalArgumentException.class, () -> EgressPolicy.create("", Set.of(port), false));
  }

  @Test
  void describeAllowList_loopbackEntry_namesTheOpenedRangeAndSelfPorts() {
    List<String> lines =
        EgressPolicy.create("127.0.0.1/32:18080-18099", Set.of(8080, 5432), false)
            .describeAllowList();
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains("127.0.0.1/32"), lines.get(0));
    assertTrue(lines.get(0).contains("ports 18080-18099"), lines.get(0));
    assertTrue(lines.get(0).contains("loopback"), lines.get(0));
    assertTrue(lines.get(1).contains("[5432, 8080]"), lines.get(1));
  }

  @Test
  void describeAllowList_unsafe_isSaidOutLoud() {
    List<String> lines = EgressPolicy.create("0.0.0.0/0", Set.of(), true).describeAllowList();
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("UNSAFE")), lines.toString());
  }
}
