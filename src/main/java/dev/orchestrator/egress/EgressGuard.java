package dev.orchestrator.egress;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SSRF guard: URL rules at submit, and the same rules plus address rules on every resolved
 * address at connect time. {@link #vet} returns the one address that was checked, so connecting to
 * it leaves no window for DNS rebinding. Thread-safe if the resolver is.
 */
public final class EgressGuard {

  private final EgressPolicy policy;
  private final HostResolver resolver;

  public EgressGuard(EgressPolicy policy, HostResolver resolver) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /** A guard resolving with the JVM's resolver. */
  public EgressGuard(EgressPolicy policy) {
    this(policy, SystemHostResolver.INSTANCE);
  }

  /**
   * Syntactic and name checks only, no DNS. Returns the normalized URI (fragment dropped, IDN host
   * in ASCII) or an {@code invalid_url} / {@code destination_not_allowed} violation.
   */
  public CheckedUrl checkUrl(String url) {
    return UrlRules.check(url, policy);
  }

  /**
   * The full check for submit time: {@link #checkUrl}, then resolve and judge every address.
   * Returns {@code unresolvable_host} when the name does not resolve; the caller decides what that
   * means. An accepted URL is vetted again at connect time, since DNS answers change.
   */
  public Optional<EgressViolation> checkDestination(String url) {
    CheckedUrl checked = checkUrl(url);
    if (!checked.ok()) {
      return Optional.of(checked.violation());
    }
    String host = checked.uri().getHost();
    try {
      vet(host, checked.effectivePort());
      return Optional.empty();
    } catch (EgressDeniedException e) {
      return Optional.of(e.getViolation());
    } catch (UnknownHostException e) {
      return Optional.of(EgressViolation.unresolvable("host '" + host + "' does not resolve"));
    }
  }

  /**
   * The connect-time check: resolve {@code host} now, judge every address and the port, and return
   * the first address, resolved, to connect to. Host header and TLS SNI keep the name.
   *
   * @throws EgressDeniedException when the host, the port or any resolved address is refused
   * @throws UnknownHostException when the name does not resolve
   */
  public InetSocketAddress vet(String host, int port) throws UnknownHostException {
    if (port < 1 || port > 65535) {
      throw new EgressDeniedException(EgressViolation.invalidUrl("port must be 1-65535"));
    }
    Host parsed;
    try {
      parsed = Host.parse(host);
    } catch (IllegalArgumentException e) {
      throw new EgressDeniedException(EgressViolation.invalidUrl(e.getMessage()));
    }
    List<InetAddress> addresses = addressesOf(parsed, port);
    for (InetAddress address : addresses) {
      Optional<EgressViolation> refused = judge(parsed, address.getAddress(), port);
      if (refused.isPresent()) {
        throw new EgressDeniedException(refused.get());
      }
    }
    return new InetSocketAddress(addresses.get(0), port);
  }

  private List<InetAddress> addressesOf(Host host, int port) throws UnknownHostException {
    if (host.isLiteral()) {
      // Never hand a literal to the resolver: the JDK's reading of numeric text is not ours.
      return List.of(InetAddress.getByAddress(host.address()));
    }
    Optional<EgressViolation> byName = UrlRules.checkName(host, port, policy);
    if (byName.isPresent()) {
      throw new EgressDeniedException(byName.get());
    }
    List<InetAddress> resolved = resolver.resolve(host.uriForm());
    if (resolved == null || resolved.isEmpty()) {
      throw new UnknownHostException(host.name());
    }
    return List.copyOf(resolved);
  }

  /** Self ports win over everything; then the denylist, unless an allow entry covers it. */
  private Optional<EgressViolation> judge(Host host, byte[] address, int port) {
    String shown = IpLiterals.format(address);
    String subject = host.isLiteral() ? shown : "'" + host.name() + "' resolves to " + shown;
    if (SpecialAddresses.isLocal(address) && policy.isSelfPort(port)) {
      return Optional.of(
          EgressViolation.notAllowed(
              subject + " on port " + port + ", one of this service's own ports"));
    }
    Optional<String> reason = SpecialAddresses.denyReason(address);
    if (reason.isEmpty() || policy.allowsAddress(address, port)) {
      return Optional.empty();
    }
    boolean hostAllowed = !host.isLiteral() && policy.allowsName(host.name(), port);
    if (hostAllowed && (policy.allowUnsafe() || !SpecialAddresses.isMetadata(address))) {
      return Optional.empty();
    }
    return Optional.of(
        EgressViolation.notAllowed(subject + " (" + reason.get() + ") on port " + port));
  }
}
