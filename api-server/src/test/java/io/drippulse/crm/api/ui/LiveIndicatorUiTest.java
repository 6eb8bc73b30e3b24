package io.drippulse.crm.api.ui;

import static io.drippulse.crm.api.support.ServerProcesses.awaitOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.ServerProcesses;
import io.drippulse.crm.api.support.TestKeys;
import io.drippulse.crm.db.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The board's live indicator (PRODUCT.md §9.2) against a real server process that goes away and comes
 * back on the same port: it says so in words while the server is gone, then live again, and the board
 * receives what was written meanwhile and afterwards without a reload.
 */
class LiveIndicatorUiTest extends UiTest {

  /** The reconnect backoff tops out at 15 s, plus a JVM starting on a busy machine. */
  private static final Duration BACK_LIVE = Duration.ofSeconds(60);

  @Test
  void theIndicatorSaysDisconnectedWhileTheServerIsGoneAndLiveOnceItIsBack() throws Exception {
    OrgApi org = servers.newOrg();
    String proposal = OrgApi.stageId(org.defaultPipeline(), "Proposal");
    org.createOpportunity("Before", "100", "USD", proposal);
    int port = ServerProcesses.freePort();
    Process first = start(port);
    Process second = null;
    try {
      assertThat(awaitOk(port, "/health/ready", Duration.ofSeconds(60))).isEqualTo(200);
      screen.signInWithCredential("http://localhost:" + port + "/", org.token);
      screen.waitForCards("Proposal", List.of("Before"));
      awaitIndicator("live", "Live", Duration.ofSeconds(15));
      browser.js("window.__sameDocument = true");

      // the stream's reconnects fail while nothing listens: the browser logs each one
      browser.allowConsoleError("/api/v1/crm/events.*Failed to load resource: net::ERR_");
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      WebElement gone = awaitIndicator("offline", "Disconnected: reconnecting…", Duration.ofSeconds(15));
      assertThat(gone.getAttribute("role")).isEqualTo("status");
      assertThat(gone.getAttribute("title")).isEqualTo("Changes by others will appear once reconnected");

      // written (through another server) while this one is gone: the board has seen no event yet, so it
      // resumes from the position its stream started at
      org.createOpportunity("While down", "100", "USD", proposal);
      second = start(port);
      assertThat(awaitOk(port, "/health/ready", Duration.ofSeconds(60))).isEqualTo(200);
      awaitIndicator("live", "Live", BACK_LIVE);
      org.createOpportunity("After", "100", "USD", proposal);
      screen.waitForCards("Proposal", List.of("Before", "While down", "After"));
      assertThat(browser.js("return window.__sameDocument === true")).as("the page never reloaded").isEqualTo(true);
      // the page re-reads totals shortly after an event: leave it before its server goes, so nothing it
      // still sends finds no server
      browser.screenshot("live-indicator-back");
      browser.driver.get("about:blank");
    } finally {
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
      }
    }
  }

  /** The indicator in this state, with these words (what a screen reader says, not only its colour). */
  private WebElement awaitIndicator(String state, String text, Duration timeout) {
    return browser.waitFor(() -> "the live indicator to say " + text + ", it says "
        + browser.driver.findElement(By.cssSelector(".live-indicator")).getText(), timeout, d -> {
          WebElement indicator = d.findElement(By.cssSelector(".live-indicator"));
          return state.equals(indicator.getAttribute("data-live")) && text.equals(indicator.getText()) ? indicator : null;
        });
  }

  /** A server process of its own on the UI tests' database, so the test can take it away. */
  private static Process start(int port) throws Exception {
    File log = Files.createTempFile("live-indicator-" + port, ".log").toFile();
    return ServerProcesses.start(Map.of("DATABASE_URL", TestDatabase.shared().toUrl(), "HTTP_PORT", String.valueOf(port),
        "JWT_HS256_SECRET", TestKeys.HS256_SECRET, "DB_MIGRATE", "false", "RATE_LIMIT_PER_MINUTE", "1000000"), log, log);
  }
}
