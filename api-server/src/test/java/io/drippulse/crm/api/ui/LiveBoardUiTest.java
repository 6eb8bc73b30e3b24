package io.drippulse.crm.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Two real browsers on one board (PRODUCT.md §9.2): each sees the other's create, move, reorder and edit
 * arrive in place, without reloading the page, and says it is live.
 */
class LiveBoardUiTest extends UiTest {

  @Test
  void twoBrowsersOnOneBoardSeeEachOthersChangesWithoutReload() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    org.createOpportunity("Alpha", "1000", "USD", OrgApi.stageId(pipeline, "Proposal"));
    org.createOpportunity("Bravo", "2000", "USD", OrgApi.stageId(pipeline, "Proposal"));
    org.createOpportunity("Charlie", "500", "USD", OrgApi.stageId(pipeline, "Qualification"));
    try (Browser otherBrowser = new Browser()) {
      OpportunitiesScreen other = new OpportunitiesScreen(otherBrowser);
      openLive(screen, browser, org);
      openLive(other, otherBrowser, org);

      // a create in the first browser appears in the second
      browser.driver.findElement(By.cssSelector("[data-action=new-opportunity]")).click();
      WebElement dialog = screen.dialog("opportunity");
      dialog.findElement(By.name("name")).sendKeys("Zulu");
      new Select(dialog.findElement(By.name("pipeline_stage_id"))).selectByVisibleText("Qualification");
      dialog.findElement(By.cssSelector("button[type=submit]")).click();
      screen.waitForDialogToClose("opportunity");
      other.waitForCards("Qualification", List.of("Charlie", "Zulu"));
      otherBrowser.waitFor("Qualification to count 2", d -> "2".equals(other.columnCount("Qualification")));

      // a move in the second appears in the first, counts included
      other.drag("Charlie", "Proposal", "Bravo");
      screen.waitForCards("Proposal", List.of("Alpha", "Charlie", "Bravo"));
      screen.waitForCards("Qualification", List.of("Zulu"));
      browser.waitFor("Proposal to count 3", d -> "3".equals(screen.columnCount("Proposal")));
      browser.waitFor("Qualification to count 1", d -> "1".equals(screen.columnCount("Qualification")));

      // a reorder in the first appears in the second
      screen.waitForCards("Proposal", List.of("Alpha", "Charlie", "Bravo"));
      screen.drag("Bravo", "Proposal", "Alpha");
      other.waitForCards("Proposal", List.of("Bravo", "Alpha", "Charlie"));

      // an edit in the second appears in the first
      other.card("Alpha").click();
      WebElement edit = other.dialog("opportunity");
      edit.findElement(By.name("name")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "Alpha renewal");
      edit.findElement(By.cssSelector("button[type=submit]")).click();
      other.waitForDialogToClose("opportunity");
      screen.waitForCards("Proposal", List.of("Bravo", "Alpha renewal", "Charlie"));

      assertBothPagesStayedLive(otherBrowser);
    }
  }

  /** Cards moved (in bulk, then one) to another pipeline leave the board they were on and reach the other's. */
  @Test
  void cardsMovedToAnotherPipelineLeaveOneBoardAndReachTheOther() {
    OrgApi org = servers.newOrg();
    JsonObject outgoing = org.createPipeline("Outgoing");
    JsonObject incoming = org.createPipeline("Incoming");
    String qualification = OrgApi.stageId(outgoing, "Qualification");
    String alpha = org.createOpportunity("Alpha", "1000", "USD", qualification).getString("id");
    String bravo = org.createOpportunity("Bravo", "2000", "USD", qualification).getString("id");
    org.createOpportunity("Charlie", "500", "USD", qualification);
    try (Browser otherBrowser = new Browser()) {
      OpportunitiesScreen other = new OpportunitiesScreen(otherBrowser);
      openLive(screen, browser, org);
      showPipeline(screen, browser, "Outgoing");
      screen.waitForCards("Qualification", List.of("Alpha", "Bravo", "Charlie"));
      openLive(other, otherBrowser, org);
      showPipeline(other, otherBrowser, "Incoming");

      org.bulkMove(List.of(alpha, bravo), OrgApi.stageId(incoming, "Proposal"));
      screen.waitForCards("Qualification", List.of("Charlie"));
      browser.waitFor("Qualification to count 1", d -> "1".equals(screen.columnCount("Qualification")));
      other.waitForCards("Proposal", List.of("Alpha", "Bravo"));

      org.updateOpportunity(alpha, new JsonObject().put("pipeline_stage_id", OrgApi.stageId(outgoing, "Proposal")));
      other.waitForCards("Proposal", List.of("Bravo"));
      screen.waitForCards("Proposal", List.of("Alpha"));

      assertBothPagesStayedLive(otherBrowser);
    }
  }

  /**
   * The board reloads itself (here on another user's rename of its pipeline) and a deal is created after the
   * server answered the reload's reads but before the page has them: the deal's event arrives while the
   * columns are still being read, and must not be lost to their older snapshot.
   */
  @Test
  void aDealCreatedWhileTheBoardReloadsItselfIsNotLost() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.createPipeline("Reloading");
    String qualification = OrgApi.stageId(pipeline, "Qualification");
    org.createOpportunity("First", "100", "USD", qualification);
    Network network = Network.install(browser);
    openLive(screen, browser, org);
    showPipeline(screen, browser, "Reloading");
    screen.waitForCards("Qualification", List.of("First"));

    String stageReads = "^/api/v1/crm/opportunities$";
    long before = network.answered("GET", stageReads);
    network.delayAnswers("GET", stageReads, 2000);
    org.updatePipeline(pipeline.getString("id"), new JsonObject().put("name", "Reloaded"));
    int stages = OrgApi.stages(pipeline).size();
    browser.waitFor("the reload's stage reads to be answered", d -> network.answered("GET", stageReads) >= before + stages);
    org.createOpportunity("Late", "100", "USD", qualification);
    screen.waitForCards("Qualification", List.of("First", "Late"));
    assertThat(screen.selectedPipeline()).isEqualTo("Reloaded");
    assertThat(browser.js("return window.__sameDocument === true")).as("the page never reloaded").isEqualTo(true);
  }

  /** Picks a pipeline and waits for its board, which is read once its own stream is open. */
  private static void showPipeline(OpportunitiesScreen screen, Browser browser, String name) {
    new Select(browser.driver.findElement(By.id("pipeline-picker"))).selectByVisibleText(name);
    screen.waitForBoard();
  }

  private static void openLive(OpportunitiesScreen screen, Browser browser, OrgApi org) {
    screen.signInWithCredential(servers.devUrl(), org.token);
    WebElement live = browser.waitFor("the live indicator to say Live", d -> {
      WebElement indicator = d.findElement(By.cssSelector(".live-indicator"));
      return "live".equals(indicator.getAttribute("data-live")) ? indicator : null;
    });
    assertThat(live.getAttribute("role")).isEqualTo("status");
    assertThat(live.getText()).isEqualTo("Live");
    browser.js("window.__sameDocument = true");
  }

  /** Neither page reloaded to get there, and the second one logged no errors of its own. */
  private void assertBothPagesStayedLive(Browser otherBrowser) {
    assertThat(browser.js("return window.__sameDocument === true")).as("the first page never reloaded").isEqualTo(true);
    assertThat(otherBrowser.js("return window.__sameDocument === true")).as("the second page never reloaded").isEqualTo(true);
    assertThat(otherBrowser.unexpectedConsoleErrors()).as("second browser console errors").isEmpty();
  }
}
