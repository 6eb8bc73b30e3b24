package io.drippulse.crm.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Deal and pipeline work in the real browser (PRODUCT.md §9.3, §9.4): undo a delete, the stage editor's reassign.
 * Every outcome is checked through the API.
 */
class DealWorkUiTest extends UiTest {

  @Test
  void deletedUndoBringsTheCardBackAtTheEndOfItsStage() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    String proposal = OrgApi.stageId(pipeline, "Proposal");
    String doomed = org.createOpportunity("Doomed deal", "100", "USD", proposal).getString("id");
    org.createOpportunity("Keeper", "100", "USD", proposal);
    screen.signInWithCredential(servers.devUrl(), org.token);
    screen.waitForCards("Proposal", List.of("Doomed deal", "Keeper"));

    screen.card("Doomed deal").findElement(By.cssSelector("[data-role=card-menu]")).click();
    screen.menuItem("delete").click();
    screen.dialog("confirm").findElement(By.cssSelector("button[type=submit]")).click();
    screen.waitForDialogToClose("confirm");
    screen.waitForCards("Proposal", List.of("Keeper"));
    assertThat(org.namesInStage(pipeline.getString("id"), proposal)).containsExactly("Keeper");
    assertThat(screen.toast()).contains("Deleted “Doomed deal”");

    browser.driver.findElement(By.cssSelector("#toasts [data-testid=undo-delete]")).click();
    screen.waitForCards("Proposal", List.of("Keeper", "Doomed deal"));
    JsonObject restored = org.opportunity(doomed);
    assertThat(restored.getString("pipeline_stage_id")).isEqualTo(proposal);
    assertThat(restored.getInteger("stage_position")).isEqualTo(1);
  }

  @Test
  void removingAStageThatHoldsDealsOffersToMoveThem() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.createPipeline("Reassigned");
    String proposal = OrgApi.stageId(pipeline, "Proposal");
    String won = OrgApi.stageId(pipeline, "Won");
    org.createOpportunity("First held", "100", "USD", proposal);
    org.createOpportunity("Second held", "100", "USD", proposal);
    org.createOpportunity("Already won", "100", "USD", won);
    screen.signInWithCredential(servers.devUrl(), org.token);
    screen.waitForBoard();
    new Select(browser.driver.findElement(By.id("pipeline-picker"))).selectByVisibleText("Reassigned");
    screen.waitForCards("Proposal", List.of("First held", "Second held"));

    screen.pipelineAction("pipeline-stages");
    WebElement stages = screen.dialog("stages");
    stages.findElements(By.cssSelector(".stage-row")).get(2).findElement(By.cssSelector("[data-remove]")).click();
    WebElement offer = browser.waitFor("the reassign offer", d -> stages.findElement(By.cssSelector(".stage-reassign-row")));
    assertThat(offer.getText()).contains("“Proposal” is removed: move its 2 deals to");
    new Select(offer.findElement(By.cssSelector("select"))).selectByVisibleText("Won");
    stages.findElement(By.cssSelector("button[type=submit]")).click();
    screen.waitForDialogToClose("stages");
    screen.waitForCards("Won", List.of("Already won", "First held", "Second held"));
    assertThat(org.namesInStage(pipeline.getString("id"), won)).containsExactly("Already won", "First held", "Second held");
    assertThat(OrgApi.stages(org.pipelineNamed("Reassigned")).stream().map(s -> s.getString("name")).toList()).doesNotContain("Proposal");
  }

  @Test
  void multiSelectInTheListMovesTheSelectedCardsToAStageInBoardOrder() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    String qualification = OrgApi.stageId(pipeline, "Qualification");
    String proposal = OrgApi.stageId(pipeline, "Proposal");
    String won = OrgApi.stageId(pipeline, "Won");
    org.createOpportunity("Quebec", "100", "USD", qualification);
    org.createOpportunity("Papa", "100", "USD", proposal);
    org.createOpportunity("Stays", "100", "USD", proposal);
    org.createOpportunity("Whiskey", "100", "USD", won);
    screen.signInWithCredential(servers.devUrl(), org.token);
    screen.waitForBoard();
    screen.showView("list");
    browser.waitFor("the rows", d -> screen.listRowNames().size() == 4);

    // picked in the opposite of board order: the move keeps board order anyway
    checkRow("Papa");
    checkRow("Quebec");
    WebElement bar = browser.waitFor("the bulk bar", d -> {
      WebElement b = d.findElement(By.cssSelector("[data-testid=bulk-bar]"));
      return b.isDisplayed() ? b : null;
    });
    assertThat(bar.getText()).contains("2 selected");
    new Select(bar.findElement(By.cssSelector("[data-testid=bulk-target]"))).selectByVisibleText("Won");
    bar.findElement(By.cssSelector("[data-testid=bulk-move]")).click();
    assertThat(screen.toast()).isEqualTo("Moved 2 opportunities to Won.");
    assertThat(org.namesInStage(pipeline.getString("id"), won)).containsExactly("Whiskey", "Quebec", "Papa");
    assertThat(org.namesInStage(pipeline.getString("id"), proposal)).containsExactly("Stays");
    browser.waitFor("the list in its new board order",
        d -> screen.listRowNames().equals(List.of("Stays", "Whiskey", "Quebec", "Papa")));
    browser.waitFor("the selection cleared", d -> !d.findElement(By.cssSelector("[data-testid=bulk-bar]")).isDisplayed());
  }

  private void checkRow(String name) {
    browser.driver.findElement(By.cssSelector("input[aria-label=\"Select " + name + "\"]")).click();
  }

  @Test
  void cardsShowOwnerCloseDateDaysInStageAndARottingBadge() throws Exception {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.createPipeline("Rotting board");
    JsonArray stages = new JsonArray();
    OrgApi.stages(pipeline).forEach(st -> stages.add(new JsonObject().put("id", st.getString("id"))
        .put("rotting_days", st.getString("name").equals("Proposal") ? 3 : null)));
    org.updatePipeline(pipeline.getString("id"), new JsonObject().put("stages", stages));
    String proposal = OrgApi.stageId(pipeline, "Proposal");
    String stale = org.createOpportunity(new JsonObject().put("name", "Stale deal").put("pipeline_stage_id", proposal)
        .put("owner_user_id", "dana").put("expected_close_date", "2031-05-17")).getString("id");
    org.createOpportunity("Fresh deal", "100", "USD", proposal);
    try (Connection c = TestDatabase.connect(TestDatabase.shared());
         PreparedStatement st = c.prepareStatement(
             "UPDATE opportunities SET stage_entered_at = now() - interval '5 days 1 hour' WHERE id = ?")) {
      st.setObject(1, UUID.fromString(stale));
      assertThat(st.executeUpdate()).isEqualTo(1);
    }
    screen.signInWithCredential(servers.devUrl(), org.token);
    screen.waitForBoard();
    new Select(browser.driver.findElement(By.id("pipeline-picker"))).selectByVisibleText("Rotting board");
    screen.waitForCards("Proposal", List.of("Stale deal", "Fresh deal"));

    WebElement staleCard = screen.card("Stale deal");
    assertThat(staleCard.findElements(By.cssSelector("[data-testid=rotting]"))).hasSize(1);
    assertThat(staleCard.findElement(By.cssSelector(".card-days")).getText()).isEqualTo("5 days");
    assertThat(staleCard.findElement(By.cssSelector(".card-owner")).getText()).isEqualTo("dana");
    assertThat(staleCard.findElement(By.cssSelector(".card-close")).getText()).contains("2031");
    WebElement freshCard = screen.card("Fresh deal");
    assertThat(freshCard.findElements(By.cssSelector("[data-testid=rotting]"))).isEmpty();
    assertThat(freshCard.findElement(By.cssSelector(".card-days")).getText()).isEqualTo("0 days");
    assertThat(org.opportunity(stale).getBoolean("is_rotting")).isTrue();
  }
}
