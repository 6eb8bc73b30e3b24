package io.drippulse.crm.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * axe-core on every screen and dialog of CRM → Opportunities, in the real browser, with real data on
 * the page: any violation of WCAG 2.1 A/AA or of axe's best practices fails the test and is named.
 */
class AccessibilityUiTest extends UiTest {

  private final List<String> found = new ArrayList<>();

  @Test
  void signInBoardListMenusAndEveryDialogAreAxeClean() {
    screen.open(servers.devUrl());
    browser.waitFor("the demo sign-in", d -> d.findElement(By.cssSelector("[data-action=demo-sign-in]")));
    check("sign-in");

    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    org.createOpportunity(new JsonObject().put("name", "Acme expansion").put("amount", "86000").put("currency", "USD")
        .put("pipeline_stage_id", OrgApi.stageId(pipeline, "Qualification")).put("expected_close_date", "2027-03-01"));
    org.createOpportunity("Globex renewal", "48500", "EUR", OrgApi.stageId(pipeline, "Proposal"));
    org.createOpportunity("Initech seats", "12750.50", "GBP", OrgApi.stageId(pipeline, "Won"));
    org.createPipeline("Enterprise");
    screen.signInWithCredential(servers.devUrl(), org.token);
    browser.waitFor("totals", d -> "1".equals(screen.columnCount("Qualification")));
    check("board");

    screen.card("Acme expansion").findElement(By.cssSelector("[data-role=card-menu]")).click();
    screen.menuItem("edit");
    check("card menu");
    screen.press(Keys.ESCAPE);

    browser.driver.findElement(By.cssSelector("[data-action=pipeline-menu]")).click();
    screen.menuItem("pipeline-new");
    check("pipeline menu");
    screen.press(Keys.ESCAPE);

    browser.driver.findElement(By.cssSelector("[data-action=new-opportunity]")).click();
    screen.dialog("opportunity");
    check("new-opportunity dialog");
    closeDialog("opportunity");

    screen.card("Acme expansion").click();
    WebElement edit = screen.dialog("opportunity");
    browser.waitFor("the stage history", d -> !edit.findElements(By.cssSelector(".history-entry")).isEmpty());
    check("opportunity dialog");
    edit.findElement(By.cssSelector(".button-ghost-danger")).click();
    screen.dialog("confirm");
    check("delete-opportunity confirmation");
    closeDialog("confirm");
    closeDialog("opportunity");

    screen.pipelineAction("pipeline-new");
    screen.dialog("pipeline-create");
    check("new-pipeline dialog");
    closeDialog("pipeline-create");

    new Select(browser.driver.findElement(By.id("pipeline-picker"))).selectByVisibleText("Enterprise");
    screen.waitForBoard();
    screen.pipelineAction("pipeline-rename");
    screen.dialog("pipeline-rename");
    check("rename-pipeline dialog");
    closeDialog("pipeline-rename");

    screen.pipelineAction("pipeline-stages");
    screen.dialog("stages");
    browser.driver.findElement(By.cssSelector("[data-action=add-stage]")).click();
    check("stage editor");
    closeDialog("stages");

    screen.pipelineAction("pipeline-delete");
    screen.dialog("confirm");
    check("delete-pipeline confirmation");
    closeDialog("confirm");

    screen.showView("list");
    browser.waitFor("rows", d -> !screen.listRowNames().isEmpty() || true);
    check("list (empty pipeline)");
    new Select(browser.driver.findElement(By.id("pipeline-picker"))).selectByIndex(0);
    browser.waitFor("rows", d -> screen.listRowNames().size() == 3);
    check("list");
    browser.driver.findElement(By.cssSelector("[data-role=row-menu]")).click();
    screen.menuItem("edit");
    check("row menu");
    screen.press(Keys.ESCAPE);
    browser.driver.findElement(By.cssSelector(".list-view .sort-button[data-sort=amount]")).click();
    browser.waitFor("the list sorted by amount", d -> !d.findElements(By.cssSelector(".list-view th[aria-sort=ascending]")).isEmpty()
        && screen.listRowNames().equals(List.of("Initech seats", "Globex renewal", "Acme expansion")));
    check("list sorted by a column");

    assertThat(String.join("\n", found)).as("axe violations").isEmpty();
  }

  private void check(String where) {
    String violations = Axe.violations(browser);
    if (!violations.isEmpty()) {
      found.add(where + ":\n" + violations);
      System.out.println("AXE " + where + ":\n" + violations);
    }
  }

  private void closeDialog(String name) {
    screen.press(Keys.ESCAPE);
    screen.waitForDialogToClose(name);
  }
}
