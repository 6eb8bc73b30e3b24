package io.drippulse.crm.api.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Pattern;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven through the system chromedriver. Selenium Manager is kept offline: the
 * driver and browser paths are explicit, so nothing is ever downloaded. Console errors are collected so a
 * test fails on any it did not expect.
 */
final class Browser implements AutoCloseable {

  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  final ChromeDriver driver;
  private final Path profile;
  private final List<Pattern> allowedErrors = new ArrayList<>();
  private final List<String> seenErrors = new ArrayList<>();

  Browser() {
    System.setProperty("SE_OFFLINE", "true");
    try {
      profile = Files.createTempDirectory("drippulse-ui-chrome");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--lang=en-US", "--window-size=1280,800", "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(TIMEOUT);
    size(1280, 800);
  }

  /** Sets the viewport (not the window) to exactly width × height, so screenshots have that size. */
  void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    Long innerWidth = (Long) js("return window.innerWidth");
    Long innerHeight = (Long) js("return window.innerHeight");
    driver.manage().window().setSize(new Dimension(2 * width - innerWidth.intValue(), 2 * height - innerHeight.intValue()));
  }

  /** Waits for a condition; the board re-renders as data arrives, so a stale element just means "look again". */
  <T> T waitFor(String what, Function<WebDriver, T> condition) {
    return waitFor(() -> what, condition);
  }

  /** As above, with a message computed at the timeout, so it can say what the page showed instead. */
  <T> T waitFor(Supplier<String> what, Function<WebDriver, T> condition) {
    return waitFor(what, TIMEOUT, condition);
  }

  /** For what takes longer than a page reacting: a server starting, a reconnect's backoff. */
  <T> T waitFor(Supplier<String> what, Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout).withMessage(what).ignoring(StaleElementReferenceException.class).until(condition);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** An error the test provokes on purpose (e.g. the 409 it asserts on) is not a defect. */
  void allowConsoleError(String regex) {
    allowedErrors.add(Pattern.compile(regex));
  }

  /** Console errors so far that no test allowed. */
  List<String> unexpectedConsoleErrors() {
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        seenErrors.add(entry.getMessage());
      }
    }
    return seenErrors.stream().filter(message -> allowedErrors.stream().noneMatch(p -> p.matcher(message).find())).toList();
  }

  Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp profile is harmless
    }
  }
}
