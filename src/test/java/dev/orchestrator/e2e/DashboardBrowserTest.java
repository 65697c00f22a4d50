package dev.orchestrator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.testing.ApiClient;
import dev.orchestrator.testing.FaultTarget;
import dev.orchestrator.testing.HeadlessChromium;
import dev.orchestrator.testing.TargetBehaviours;
import dev.orchestrator.testing.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless Chromium) against a real node on H2: key and tenant
 * typed in, a call submitted through the API shows up on its own, turns RUNNING and then SUCCEEDED
 * through the live event stream (the target holds the attempt until the page has shown RUNNING),
 * and its timeline shows the attempt. Leaves a screenshot in {@code target/ui-screenshots/}.
 */
class DashboardBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String TENANT = "tenant-a";
  private static final String ESCAPED_NAME = "<b>nightly</b> report";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCREENSHOT = Path.of("target", "ui-screenshots", "dashboard.png");

  @Test
  void submittedCall_goesLiveToSucceeded_andItsTimelineShowsTheAttempt() throws Exception {
    HeadlessChromium.assumeAvailable();
    CountDownLatch release = new CountDownLatch(1);
    try (FaultTarget target = FaultTarget.start()) {
      target.on(
          "/charge",
          (ex, n) -> {
            release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            TargetBehaviours.status(200, Map.of()).answer(ex, n);
          });
      target.on("/gone", TargetBehaviours.status(404, Map.of()));
      try (TestNode node =
              TestNode.start(TestNode.h2Memory("dashboard"), "", target.port(), Map.of());
          HeadlessChromium chromium = HeadlessChromium.start(1440, 1000)) {
        ChromeDriver browser = chromium.driver();
        try {
          run(node, target, browser, release);
        } finally {
          release.countDown();
          Files.createDirectories(SCREENSHOT.getParent());
          Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
        }
      }
    }
  }

  private void run(
      TestNode node, FaultTarget target, ChromeDriver browser, CountDownLatch release) {
    ApiClient api = node.client(TestNode.KEY_A);
    String later = submit(api, ESCAPED_NAME, target.url("/later"), List.of("billing"), "PT1H");
    String gone = submit(api, "sync-inventory", target.url("/gone"), List.of("inventory"), null);

    browser.get("http://127.0.0.1:" + node.port() + "/ui");
    browser.findElement(By.id("tenant")).sendKeys(TENANT);
    browser.findElement(By.id("api-key")).sendKeys(TestNode.KEY_A);
    browser.findElement(By.cssSelector("#connect button[type=submit]")).click();
    waitFor(browser, "the event stream is live", d -> "live".equals(liveState(d)));

    String charge =
        submit(api, "charge-invoice-42", target.url("/charge"), List.of("billing", "eu"), null);
    waitFor(browser, "the new call listed as RUNNING", d -> "RUNNING".equals(status(d, charge)));
    release.countDown();
    waitFor(browser, "the call turns SUCCEEDED", d -> "SUCCEEDED".equals(status(d, charge)));
    waitFor(browser, "the failed call listed as FAILED", d -> "FAILED".equals(status(d, gone)));
    waitFor(
        browser,
        "the live feed shows the call's ServiceCallSucceeded event",
        d -> text(d, "#events li[data-type=ServiceCallSucceeded][data-call-id='" + charge + "']"));

    // Names are shown as text, never parsed as markup. (Rows are re-rendered on every refresh, so
    // the page is read in single script calls, never through elements held across calls.)
    String nameCell = "#calls tr[data-call-id='" + later + "'] td.name";
    assertEquals(
        ESCAPED_NAME, waitFor(browser, "the scheduled call's name", d -> text(d, nameCell)));
    assertEquals(null, text(browser, nameCell + " *"), "the name was rendered as HTML");

    // The status filter narrows the list through the API; Clear shows everything again.
    browser.findElement(By.cssSelector("#filters input[value=SCHEDULED]")).click();
    browser.findElement(By.cssSelector("#filters button[type=submit]")).click();
    waitFor(browser, "only the scheduled call listed", d -> listed(d).equals(List.of(later)));
    browser.findElement(By.cssSelector("#filters button[type=reset]")).click();
    waitFor(browser, "all three calls listed", d -> listed(d).size() == 3);

    // The tenant summary counts the three calls by status and the one due within the hour.
    for (String[] card :
        new String[][] {
          {"SCHEDULED", "1"},
          {"RUNNING", "0"},
          {"SUCCEEDED", "1"},
          {"FAILED", "1"},
          {"due next hour", "1"}
        }) {
      String value = "#summary .card[data-key='" + card[0] + "'] .n";
      waitFor(browser, "summary " + card[0] + " = " + card[1], d -> card[1].equals(text(d, value)));
    }

    waitFor(
        browser,
        "the call's row clicked",
        d -> {
          row(d, charge).click();
          return true;
        });
    String attempt =
        waitFor(
            browser,
            "the timeline's first attempt, succeeded",
            d -> {
              String t = text(d, "#timeline tr[data-attempt='1'] td.outcome");
              return "succeeded".equals(t) ? text(d, "#timeline tr[data-attempt='1']") : null;
            });
    assertTrue(attempt.contains("HTTP 200"), attempt);
    assertTrue(
        text(browser, "#timeline li[data-type=ServiceCallSucceeded]") != null,
        "the history lists ServiceCallSucceeded");

    assertFalse(browser.getCurrentUrl().contains(TestNode.KEY_A), "the key is in the URL");
    assertEquals(List.of(), problems(browser), "browser console errors");
  }

  /** Submits a POST to {@code url}, due now or after {@code delay}; returns the call id. */
  private static String submit(
      ApiClient api, String name, String url, List<String> tags, String delay) {
    ObjectNode body = JSON.createObjectNode().put("name", name);
    body.putObject("request").put("method", "POST").put("url", url);
    tags.forEach(body.putArray("tags")::add);
    if (delay != null) {
      body.put("delay", delay);
    }
    var r = api.submit(TENANT, body.toString());
    assertEquals(201, r.status(), r.body());
    return r.json().get("serviceCallId").asText();
  }

  private static <T> T waitFor(
      WebDriver browser, String what, java.util.function.Function<WebDriver, T> condition) {
    return new WebDriverWait(browser, WAIT)
        .withMessage(() -> what + " (page: " + browser.findElement(By.tagName("body")).getText())
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition::apply);
  }

  /** The text of the first element matching {@code css}, or null; one script call, never stale. */
  private static String text(WebDriver d, String css) {
    return (String)
        ((JavascriptExecutor) d)
            .executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
                css);
  }

  private static String liveState(WebDriver d) {
    return d.findElement(By.id("live")).getAttribute("data-state");
  }

  private static WebElement row(WebDriver d, String id) {
    return d.findElement(By.cssSelector("#calls tr[data-call-id='" + id + "']"));
  }

  private static String status(WebDriver d, String id) {
    var badges = d.findElements(By.cssSelector("#calls tr[data-call-id='" + id + "'] .badge"));
    return badges.isEmpty() ? null : badges.get(0).getAttribute("data-status");
  }

  private static List<String> listed(WebDriver d) {
    return d.findElements(By.cssSelector("#calls tbody tr")).stream()
        .map(r -> r.getAttribute("data-call-id"))
        .toList();
  }

  /** Console errors and CSP violations (a blocked inline script or style shows up here). */
  private static List<String> problems(ChromeDriver browser) {
    return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .filter(m -> !m.contains("favicon.ico"))
        .toList();
  }
}
