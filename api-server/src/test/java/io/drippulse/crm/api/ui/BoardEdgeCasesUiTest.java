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
 * The board when things do not go to plan: a move interrupted half-way, a connection that drops, a card let
 * go outside the columns, a slow first read, Escape during a save, and names that look like markup.
 * {@link Network} holds, slows or cuts the page's requests; the server stays real.
 */
class BoardEdgeCasesUiTest extends UiTest {

  @Test
  void aKeyboardMoveInterruptedByFocusOrAPressElsewhereIsCancelledAndTheBoardKeepsUpdating() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    org.createOpportunity("Kilo", "500", "USD", OrgApi.stageId(pipeline, "Unassigned"));
    org.createOpportunity("Lima", "600", "USD", OrgApi.stageId(pipeline, "Proposal"));
    screen.signInWithCredential(servers.devUrl(), org.token);
    screen.waitForCards("Proposal", List.of("Lima"));

    screen.focusCard("Kilo");
    screen.press(Keys.SPACE, Keys.ARROW_RIGHT);
    screen.waitForAnnouncement("Qualification, position 1 of 1");
    browser.js("document.getElementById('search').focus()");
    screen.waitForAnnouncement("Move cancelled. Kilo is back where it was.");
    screen.waitForCards("Unassigned", List.of("Kilo"));
    screen.waitForCards("Qualification", List.of());

    screen.focusCard("Lima");
    screen.press(Keys.SPACE, Keys.ARROW_LEFT);
    screen.waitForAnnouncement("Qualification, position 1 of 1");
    browser.driver.findElement(By.cssSelector(".page-title h1")).click();
    screen.waitForAnnouncement("Move cancelled. Lima is back where it was.");
    screen.waitForCards("Proposal", List.of("Lima"));
    assertThat(browser.driver.findElements(By.cssSelector(".board.is-carrying, .card[aria-grabbed]"))).isEmpty();

    // Nothing is held any more, so what the server says next reaches the board.
    browser.driver.findElement(By.cssSelector("[data-action=new-opportunity]")).click();
    WebElement dialog = screen.dialog("opportunity");
    dialog.findElement(By.name("name")).sendKeys("November");
    new Select(dialog.findElement(By.name("pipeline_stage_id"))).selectByVisibleText("Negotiation");
    dialog.findElement(By.cssSelector("button[type=submit]")).click();
    screen.waitForDialogToClose("opportunity");
    screen.waitForCards("Negotiation", List.of("November"));
    String pipelineId = pipeline.getString("id");
    assertThat(org.namesInStage(pipelineId, OrgApi.stageId(pipeline, "Unassigned"))).containsExactly("Kilo");
    assertThat(org.namesInStage(pipelineId, OrgApi.stageId(pipeline, "Proposal"))).containsExactly("Lima");
  }

  @Test
  void aMoveThatCannotReachTheServerPutsTheCardBackWhereItWasAndSaysWhy() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    String qualification = OrgApi.stageId(pipeline, "Qualification");
    String proposal = OrgApi.stageId(pipeline, "Proposal");
    org.createOpportunity("Papa", "100", "USD", qualification);
    String oscarId = org.createOpportunity("Oscar", "200", "USD", qualification).getString("id");
    org.createOpportunity("Quebec", "300", "USD", qualification);
    org.createOpportunity("Romeo", "400", "USD", proposal);
    Network network = Network.install(browser);
    screen.signInWithCredential(servers.devUrl(), org.token);
    screen.waitForCards("Qualification", List.of("Papa", "Oscar", "Quebec"));

    network.offline(true);
    screen.drag("Oscar", "Proposal", "Romeo");
    assertThat(screen.toast()).isEqualTo("Could not move “Oscar” to Proposal: Could not reach the server. "
        + "Check your connection and try again. The card is back where it was.");
    // Still offline, so the re-read after the refusal fails too: this is the snapshot put back, not a fresh read.
    screen.waitForCards("Qualification", List.of("Papa", "Oscar", "Quebec"));
    screen.waitForCards("Proposal", List.of("Romeo"));
    assertThat(network.requests()).contains("PATCH /api/v1/crm/opportunities/" + oscarId);
    browser.waitFor("the failed re-read to be shown", d -> screen.columnError("Qualification") != null);
    assertThat(screen.columnError("Qualification")).startsWith("Could not load: Could not reach the server.");
    assertThat(screen.announcement()).startsWith("Could not move “Oscar” to Proposal");

    network.offline(false);
    screen.column("Qualification").findElement(By.cssSelector(".column-error button")).click();
    browser.waitFor("Retry to read the column again", d -> screen.columnError("Qualification") == null);
    screen.waitForCards("Qualification", List.of("Papa", "Oscar", "Quebec"));
    assertThat(org.namesInStage(pipeline.getString("id"), qualification)).containsExactly("Papa", "Oscar", "Quebec");
    assertThat(org.namesInStage(pipeline.getString("id"), proposal)).containsExactly("Romeo");
  }

  @Test
  void lettingGoOfACardOutsideTheColumnsMovesNothing() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    org.createOpportunity("Sierra", "100", "USD", OrgApi.stageId(pipeline, "Unassigned"));
    org.createOpportunity("Tango", "200", "USD", OrgApi.stageId(pipeline, "Proposal"));
    Network network = Network.install(browser);
    screen.signInWithCredential(servers.devUrl(), org.token);
    screen.waitForCards("Proposal", List.of("Tango"));
    network.forget();

    screen.pickUpAndHoldOver("Sierra", "Proposal");
    assertThat(screen.placeholderStage()).as("over the Proposal column the gap opens there").isEqualTo("Proposal");
    screen.holdOver(browser.driver.findElement(By.cssSelector(".toolbar")), "Proposal");
    assertThat(screen.placeholderStage()).as("above the columns the gap goes back home").isEqualTo("Unassigned");
    assertThat(browser.driver.findElements(By.cssSelector(".column.is-drop-target"))).isEmpty();
    screen.letGo();

    screen.waitForCards("Unassigned", List.of("Sierra"));
    screen.waitForCards("Proposal", List.of("Tango"));
    assertThat(browser.driver.findElements(By.cssSelector(".card-placeholder, .card-ghost"))).isEmpty();
    assertThat(network.requests()).as("no move was sent").allMatch(r -> r.startsWith("GET "));
    assertThat(org.opportunity(screen.card("Sierra").getAttribute("data-id")).getString("pipeline_stage_id"))
        .isEqualTo(OrgApi.stageId(pipeline, "Unassigned"));
  }

  @Test
  void untilTheCardsArriveEveryColumnSaysLoadingAndIsBusy() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    org.createOpportunity("Uniform", "100", "USD", OrgApi.stageId(pipeline, "Qualification"));
    Network network = Network.install(browser);
    network.holdFromStart("GET", "^/api/v1/crm/opportunities$");
    screen.open(servers.devUrl());
    screen.pasteCredential(org.token);

    browser.waitFor("the board's first paint", d -> !d.findElements(By.cssSelector(".board .column")).isEmpty());
    List<?> columns = (List<?>) browser.js("return [...document.querySelectorAll('.board .column')].map(c => ({"
        + "busy: c.querySelector('.cards').getAttribute('aria-busy'), footer: c.querySelector('.column-footer').textContent,"
        + "more: c.querySelectorAll('[data-role=load-more]').length, count: c.querySelector('.column-count').textContent}))");
    assertThat(columns).hasSize(6).allSatisfy(column -> assertThat(column.toString())
        .contains("busy=true", "footer=Loading…", "more=0").doesNotContain("+"));

    network.release();
    screen.waitForBoard();
    assertThat(screen.cardNames("Qualification")).containsExactly("Uniform");
    browser.waitFor("the count from the server", d -> screen.columnCount("Qualification").equals("1"));
  }

  @Test
  void escapeWhileANewDealIsSavingDoesNotLoseIt() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    Network network = Network.install(browser);
    screen.signInWithCredential(servers.devUrl(), org.token);
    network.delay("POST", "^/api/v1/crm/opportunities$", 2000);

    browser.driver.findElement(By.cssSelector("[data-action=new-opportunity]")).click();
    WebElement dialog = screen.dialog("opportunity");
    dialog.findElement(By.name("name")).sendKeys("Victor");
    new Select(dialog.findElement(By.name("pipeline_stage_id"))).selectByVisibleText("Proposal");
    dialog.findElement(By.cssSelector("button[type=submit]")).click();
    screen.press(Keys.ESCAPE);
    assertThat(browser.js("return document.querySelector('dialog[data-dialog=opportunity]')?.open ?? false"))
        .as("Escape does not discard a dialog that is saving").isEqualTo(true);
    // The browser may force a dialog shut on a second Escape; the save must still reach the page.
    screen.press(Keys.ESCAPE);

    screen.waitForDialogToClose("opportunity");
    assertThat(screen.toast()).startsWith("Created “Victor” (opp_");
    screen.waitForCards("Proposal", List.of("Victor"));
    assertThat(org.namesInStage(pipeline.getString("id"), OrgApi.stageId(pipeline, "Proposal"))).containsExactly("Victor");
  }

  @Test
  void aNameThatLooksLikeMarkupIsShownAsText() {
    String name = "<img src=x onerror=\"window.__pwned = 1\"> & <b>bold</b>";
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    org.createOpportunity(name, "100", "USD", OrgApi.stageId(pipeline, "Qualification"));
    screen.signInWithCredential(servers.devUrl(), org.token);

    screen.waitForCards("Qualification", List.of(name));
    assertThat(screen.card(name).findElement(By.cssSelector(".card-name")).getText()).isEqualTo(name);
    screen.card(name).click();
    WebElement dialog = screen.dialog("opportunity");
    assertThat(dialog.findElement(By.cssSelector(".dialog-title")).getText()).isEqualTo("Edit " + name);
    assertThat(dialog.findElement(By.name("name")).getAttribute("value")).isEqualTo(name);
    dialog.findElement(By.cssSelector("button[value=cancel]")).click();
    screen.waitForDialogToClose("opportunity");

    screen.showView("list");
    browser.waitFor("the row", d -> screen.listRowNames().equals(List.of(name)));
    assertThat(browser.driver.findElements(By.cssSelector("main img, main b, dialog img"))).isEmpty();
    assertThat(browser.js("return window.__pwned ?? null")).isNull();
  }
}
