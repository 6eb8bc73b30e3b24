package io.drippulse.crm.api.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * A fresh headless Chromium per test against the real api-server and PostgreSQL. Every test fails on a
 * browser console error it did not provoke on purpose, and leaves a screenshot of its last state.
 */
abstract class UiTest {

  static UiServers servers;
  Browser browser;
  OpportunitiesScreen screen;

  @BeforeAll
  static void requireChromium() {
    assumeTrue(Files.isExecutable(Browser.CHROMEDRIVER),
        "Browser tests skipped: /usr/bin/chromedriver is missing (apt-get install chromium chromium-driver).");
    servers = UiServers.get();
  }

  @BeforeEach
  void openBrowser() {
    browser = new Browser();
    screen = new OpportunitiesScreen(browser);
  }

  @AfterEach
  void closeBrowser(TestInfo test) {
    try {
      browser.screenshot("last-" + test.getTestMethod().orElseThrow().getName());
      assertThat(browser.unexpectedConsoleErrors()).as("browser console errors").isEmpty();
    } finally {
      browser.close();
    }
  }
}
