package io.drippulse.crm.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The org default pipeline's menu: open to org admins, read-only (with the reason) for everyone else. */
class OrgDefaultAdminUiTest extends UiTest {

  @Test
  void anAdminRenamesTheOrgDefaultAndEditsItsStagesButItsUnassignedStageStays() {
    OrgApi org = servers.newOrgAsAdmin();
    screen.signInWithCredential(servers.devUrl(), org.token);
    browser.driver.findElement(By.cssSelector("[data-action=pipeline-menu]")).click();
    assertThat(screen.menuItem("pipeline-rename").getAttribute("aria-disabled")).isNull();
    assertThat(screen.menuItem("pipeline-stages").getAttribute("aria-disabled")).isNull();
    assertThat(screen.menuItem("pipeline-delete").getText()).contains("Always kept");
    assertThat(browser.driver.findElements(By.cssSelector(".menu .menu-note"))).isEmpty();
    screen.menuItem("pipeline-rename").click();
    WebElement rename = screen.dialog("pipeline-rename");
    WebElement name = rename.findElement(By.name("name"));
    name.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Sales pipeline");
    rename.findElement(By.cssSelector("button[type=submit]")).click();
    screen.waitForDialogToClose("pipeline-rename");
    browser.waitFor("the renamed pipeline", d -> screen.selectedPipeline().startsWith("Sales pipeline"));
    assertThat(org.defaultPipeline().getString("name")).isEqualTo("Sales pipeline");

    screen.pipelineAction("pipeline-stages");
    WebElement editor = screen.dialog("stages");
    WebElement unassigned = editor.findElement(By.cssSelector(".stage-row:first-child"));
    assertThat(unassigned.findElement(By.cssSelector("[data-remove]")).isEnabled()).isFalse();
    assertThat(unassigned.findElement(By.cssSelector(".stage-kind")).isEnabled()).as("stays open").isFalse();
    editor.findElement(By.cssSelector("[data-action=add-stage]")).click();
    WebElement added = browser.waitFor("the new row", d -> editor.findElement(By.cssSelector(".stage-row:last-child .stage-name")));
    added.sendKeys("Contract");
    editor.findElement(By.cssSelector("button[type=submit]")).click();
    screen.waitForDialogToClose("stages");
    screen.waitForBoard();
    browser.waitFor("the new column", d -> screen.columnNames().contains("Contract"));
    assertThat(OrgApi.stages(org.defaultPipeline()).stream().map(s -> s.getString("name")).toList())
        .containsExactly("Unassigned", "Qualification", "Proposal", "Negotiation", "Won", "Lost", "Contract");
  }

  @Test
  void aMemberSeesTheOrgDefaultReadOnlyAndWhy() {
    OrgApi admin = servers.newOrgAsAdmin();
    OrgApi member = servers.member(admin, "bob");
    screen.signInWithCredential(servers.devUrl(), member.token);
    browser.driver.findElement(By.cssSelector("[data-action=pipeline-menu]")).click();
    WebElement rename = screen.menuItem("pipeline-rename");
    assertThat(rename.getAttribute("aria-disabled")).isEqualTo("true");
    assertThat(rename.getText()).contains("Org admins only");
    WebElement note = browser.driver.findElement(By.cssSelector(".menu .menu-note"));
    assertThat(note.getText()).contains("only org admins can rename it or edit its stages");
    assertThat(rename.getAttribute("aria-describedby")).isEqualTo(note.getAttribute("id"));
    rename.click();
    assertThat(browser.driver.findElements(By.cssSelector("dialog[data-dialog=pipeline-rename]"))).as("nothing opens").isEmpty();
    assertThat(member.defaultPipeline().getString("name")).isEqualTo("Default pipeline");
  }

  @Test
  void theDemoSignInsGiveAnAdminAndAMember() {
    for (String[] demo : new String[][] {{"demo-sign-in", null}, {"demo-sign-in-member", "true"}}) {
      screen.open(servers.devUrl());
      browser.waitFor("the demo sign-in", d -> d.findElement(By.cssSelector("[data-action=" + demo[0] + "]"))).click();
      screen.waitForBoard();
      browser.driver.findElement(By.cssSelector("[data-action=pipeline-menu]")).click();
      assertThat(screen.menuItem("pipeline-rename").getAttribute("aria-disabled")).as(demo[0]).isEqualTo(demo[1]);
      screen.press(Keys.ESCAPE);
      browser.driver.findElement(By.cssSelector("[data-action=sign-out]")).click();
      browser.waitFor("the sign-in page", d -> d.findElement(By.id("credential")));
    }
  }

  @Test
  void theOpportunityDialogShowsTheStageHistoryNewestFirst() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    JsonObject deal = org.createOpportunity("Acme expansion", "86000", "USD", OrgApi.stageId(pipeline, "Qualification"));
    org.updateOpportunity(deal.getString("id"), new JsonObject().put("pipeline_stage_id", OrgApi.stageId(pipeline, "Proposal")));
    org.updateOpportunity(deal.getString("id"), new JsonObject().put("pipeline_stage_id", OrgApi.stageId(pipeline, "Negotiation")));
    screen.signInWithCredential(servers.devUrl(), org.token);
    screen.card("Acme expansion").click();
    WebElement dialog = screen.dialog("opportunity");
    browser.waitFor("the history", d -> dialog.findElements(By.cssSelector(".history-entry")).size() == 3);
    List<String> stages = dialog.findElements(By.cssSelector(".history-entry .history-stage")).stream().map(WebElement::getText).toList();
    assertThat(stages).containsExactly("Negotiation", "Proposal", "Qualification");
    assertThat(org.stageHistory(deal.getString("id"))).hasSize(3);
    List<String> meta = dialog.findElements(By.cssSelector(".history-entry .history-meta")).stream().map(WebElement::getText).toList();
    assertThat(meta.get(0)).contains("so far").contains("by " + org.userId);
    assertThat(meta.get(2)).doesNotContain("so far").contains("by " + org.userId);
    assertThat(dialog.findElement(By.cssSelector(".history-entry time")).getAttribute("datetime"))
        .isEqualTo(org.stageHistory(deal.getString("id")).getJsonObject(2).getString("entered_at"));
  }
}
