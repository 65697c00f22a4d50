package dev.orchestrator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium driven through its chromedriver ({@code apt-get install chromium
 * chromium-driver}; paths overridable with {@code ORCH_TEST_CHROMIUM} / {@code
 * ORCH_TEST_CHROMEDRIVER}), headless, with a fresh profile that {@link #close()} deletes. Both
 * binaries are given explicitly, so Selenium Manager never downloads anything.
 */
public final class HeadlessChromium implements AutoCloseable {
  /** Set to {@code true} to fail instead of skip when the browser is not installed. */
  public static final String REQUIRE_PROPERTY = "orchestrator.test.require-browser";

  private static final Path CHROMIUM = Path.of(env("ORCH_TEST_CHROMIUM", "/usr/bin/chromium"));
  private static final Path DRIVER =
      Path.of(env("ORCH_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));

  private final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /**
   * Returns when both binaries are installed. Otherwise fails the test under {@code CI=true} (as
   * {@code .ci/run} runs, which installs them) or {@value #REQUIRE_PROPERTY}, and skips it if not.
   */
  public static void assumeAvailable() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER)) {
      return;
    }
    String what =
        "Chromium and chromedriver not found at "
            + CHROMIUM
            + " and "
            + DRIVER
            + " (apt-get install -y chromium chromium-driver)";
    if (Boolean.getBoolean(REQUIRE_PROPERTY) || "true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail("browser tests are required (CI) but " + what);
    }
    Assumptions.assumeTrue(false, what + "; skipping the dashboard's browser test");
  }

  /** A headless browser with a {@code width}×{@code height} window; close it in every outcome. */
  public static HeadlessChromium start(int width, int height) throws IOException {
    Path profile = Files.createTempDirectory("orch-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // The flags this machine needs: no sandbox (root in a container), no GPU, and no background
    // traffic (QUIC, component updates, sync) that would reach out of the test.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(20))
            .build();
    try {
      return new HeadlessChromium(new ChromeDriver(service, options), profile);
    } catch (RuntimeException e) {
      service.stop();
      delete(profile);
      throw e;
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      delete(profile);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
