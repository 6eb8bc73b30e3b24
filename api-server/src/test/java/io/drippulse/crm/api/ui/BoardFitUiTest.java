package io.drippulse.crm.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The board fits the window it is shown in: columns side by side, menus on screen. */
class BoardFitUiTest extends UiTest {

  @Test
  void allSixColumnsOfTheDefaultPipelineFitAt1280WithoutSidewaysScrolling() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    org.createOpportunity("Globex renewal with a long enough name to wrap", "247000", "USD", OrgApi.stageId(pipeline, "Qualification"));
    org.createOpportunity("Pied Piper seats", "48500", "EUR", OrgApi.stageId(pipeline, "Qualification"));
    org.createOpportunity("Oscorp research", "12750.50", "GBP", OrgApi.stageId(pipeline, "Qualification"));
    org.createOpportunity("Stark Industries", "310000", "USD", OrgApi.stageId(pipeline, "Lost"));
    screen.signInWithCredential(servers.devUrl(), org.token);
    browser.waitFor("totals", d -> "3".equals(screen.columnCount("Qualification")));

    Map<?, ?> fit = (Map<?, ?>) browser.js("const b = document.querySelector('.board');"
        + "const cols = [...b.querySelectorAll('.column')].map(c => c.getBoundingClientRect());"
        + "return {columns: cols.length, scrollWidth: b.scrollWidth, clientWidth: b.clientWidth,"
        + " lastRight: Math.max(...cols.map(r => r.right)), boardRight: b.getBoundingClientRect().right,"
        + " narrowest: Math.min(...cols.map(r => r.width)), page: document.documentElement.scrollWidth, width: window.innerWidth}");
    assertThat(((Number) fit.get("columns")).intValue()).isEqualTo(6);
    assertThat(((Number) fit.get("scrollWidth")).doubleValue()).as("no sideways scroll: %s", fit)
        .isLessThanOrEqualTo(((Number) fit.get("clientWidth")).doubleValue());
    assertThat(((Number) fit.get("lastRight")).doubleValue()).as("the Lost column on screen: %s", fit)
        .isLessThanOrEqualTo(((Number) fit.get("boardRight")).doubleValue());
    assertThat(((Number) fit.get("page")).doubleValue()).isLessThanOrEqualTo(((Number) fit.get("width")).doubleValue());
    assertThat(((Number) fit.get("narrowest")).doubleValue()).as("readable columns").isGreaterThanOrEqualTo(160);
    // every card's text stays inside its card
    assertThat(browser.js("return [...document.querySelectorAll('.card')].filter(c => c.scrollWidth > c.clientWidth + 1).length"))
        .isEqualTo(0L);
    browser.screenshot("board-fit-1280x800");
  }

  @Test
  void theMenuOfALowCardOpensOnScreen() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    String stage = OrgApi.stageId(pipeline, "Proposal");
    for (int i = 1; i <= 12; i++) {
      org.createOpportunity("Deal " + i, String.valueOf(1000 * i), "USD", stage);
    }
    for (int[] size : new int[][] {{1280, 800}, {1280, 560}}) {
      browser.size(size[0], size[1]);
      screen.signInWithCredential(servers.devUrl(), org.token);
      screen.waitForCards("Proposal", java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> "Deal " + i).toList());
      WebElement low = screen.card("Deal 12");
      browser.js("arguments[0].scrollIntoView({block: 'end'})", low);
      low.findElement(By.cssSelector("[data-role=card-menu]")).click();
      screen.menuItem("edit");
      Map<?, ?> box = (Map<?, ?>) browser.js("const r = document.querySelector('.menu').getBoundingClientRect();"
          + "const last = [...document.querySelectorAll('.menu .menu-item')].pop().getBoundingClientRect();"
          + "const card = arguments[0].querySelector('[data-role=card-menu]').getBoundingClientRect();"
          + "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, lastBottom: last.bottom,"
          + " cardTop: card.top, width: window.innerWidth, height: window.innerHeight}", low);
      String where = size[0] + "x" + size[1] + " " + box;
      assertThat(num(box, "top")).as(where).isGreaterThanOrEqualTo(0);
      assertThat(num(box, "left")).as(where).isGreaterThanOrEqualTo(0);
      assertThat(num(box, "bottom")).as(where).isLessThanOrEqualTo(num(box, "height"));
      assertThat(num(box, "right")).as(where).isLessThanOrEqualTo(num(box, "width"));
      assertThat(num(box, "bottom")).as("opens upwards, above its button: " + where).isLessThanOrEqualTo(num(box, "cardTop"));
      // the last item can be reached: on screen, or scrolled to within the menu
      browser.js("document.querySelector('.menu').scrollTop = 1e6");
      assertThat((Boolean) browser.js("const m = document.querySelector('.menu').getBoundingClientRect();"
          + "const last = [...document.querySelectorAll('.menu .menu-item')].pop().getBoundingClientRect();"
          + "return last.bottom <= m.bottom + 1 && last.bottom <= window.innerHeight")).as(where).isTrue();
      browser.screenshot("low-card-menu-" + size[0] + "x" + size[1]);
      screen.menuItem("edit").sendKeys(Keys.ESCAPE);
      browser.driver.findElement(By.cssSelector("[data-action=sign-out]")).click();
      browser.waitFor("the sign-in page", d -> d.findElement(By.id("credential")));
    }
  }

  private static double num(Map<?, ?> box, String key) {
    return ((Number) box.get(key)).doubleValue();
  }
}
