package io.drippulse.crm.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** Deal work in the real browser (PRODUCT.md §9.4): undo a delete. Every outcome is checked through the API. */
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
}
