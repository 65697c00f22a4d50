package dev.orchestrator.egress;

/** An inclusive TCP port range, 1-65535. {@link #ANY} is used when an allow entry names no port. */
record PortRange(int low, int high) {

  static final PortRange ANY = new PortRange(1, 65535);

  PortRange {
    if (low < 1 || high > 65535 || low > high) {
      throw new IllegalArgumentException("port range must be within 1-65535: " + low + "-" + high);
    }
  }

  /** Parses {@code 8080} or {@code 18080-18099}. */
  static PortRange parse(String text) {
    if (!text.matches("[0-9]{1,5}(-[0-9]{1,5})?")) {
      throw new IllegalArgumentException("not a port or port range: '" + text + "'");
    }
    int dash = text.indexOf('-');
    return dash < 0
        ? new PortRange(Integer.parseInt(text), Integer.parseInt(text))
        : new PortRange(
            Integer.parseInt(text.substring(0, dash)), Integer.parseInt(text.substring(dash + 1)));
  }

  boolean contains(int port) {
    return port >= low && port <= high;
  }

  @Override
  public String toString() {
    if (this.equals(ANY)) {
      return "any port";
    }
    return low == high ? "port " + low : "ports " + low + "-" + high;
  }
}
