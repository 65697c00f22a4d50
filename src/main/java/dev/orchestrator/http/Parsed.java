package dev.orchestrator.http;

/** A parsed input or the problem that prevented parsing it, never both. */
record Parsed<T>(T value, Problem problem) {
  static <T> Parsed<T> ok(T value) {
    return new Parsed<>(value, null);
  }

  static <T> Parsed<T> failed(Problem problem) {
    return new Parsed<>(null, problem);
  }
}
