package io.drippulse.crm.api.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The list view's sortable column headers (PRODUCT.md §9.4) in the real browser: the server's order, shown. */
class ListSortUiTest extends UiTest {

  @Test
  void clickingAColumnHeaderSortsTheListAndClickingAgainReversesIt() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    org.createOpportunity("Charlie", null, "USD", OrgApi.stageId(pipeline, "Qualification"));
    org.createOpportunity("Delta", "900", "USD", OrgApi.stageId(pipeline, "Qualification"));
    org.createOpportunity("Bravo", "500", "USD", OrgApi.stageId(pipeline, "Proposal"));
    org.createOpportunity("Alpha", "100", "USD", OrgApi.stageId(pipeline, "Won"));
    screen.signInWithCredential(servers.devUrl(), org.token);
    screen.waitForBoard();
    screen.showView("list");
    waitForRows(List.of("Charlie", "Delta", "Bravo", "Alpha"));
    assertThat(browser.driver.findElements(By.cssSelector(".list-view th[aria-sort]"))).as("board order: no column sorted").isEmpty();

    sortButton("amount").click();
    waitForRows(List.of("Alpha", "Bravo", "Delta", "Charlie"));
    assertThat(ariaSort("amount")).isEqualTo("ascending");
    sortButton("amount").click();
    waitForRows(List.of("Delta", "Bravo", "Alpha", "Charlie"));
    assertThat(ariaSort("amount")).isEqualTo("descending");
    assertThat(browser.driver.getCurrentUrl()).contains("sort=-amount");

    // from the keyboard: the header is a real button, and it keeps the focus across the re-read
    browser.js("arguments[0].focus()", sortButton("name"));
    screen.press(Keys.ENTER);
    waitForRows(List.of("Alpha", "Bravo", "Charlie", "Delta"));
    assertThat(ariaSort("name")).isEqualTo("ascending");
    assertThat(ariaSort("amount")).isNull();
    screen.press(Keys.ENTER);
    waitForRows(List.of("Delta", "Charlie", "Bravo", "Alpha"));
    assertThat(ariaSort("name")).isEqualTo("descending");
    assertThat(browser.driver.findElement(By.cssSelector(".list-caption")).getText()).endsWith("sorted by name, descending");
    screen.press(Keys.ENTER);
    waitForRows(List.of("Charlie", "Delta", "Bravo", "Alpha"));
    assertThat(browser.driver.findElements(By.cssSelector(".list-view th[aria-sort]"))).as("a third press: board order again").isEmpty();
  }

  @Test
  void aSortedListLoadsItsNextPagesWithTheSortsCursor() {
    OrgApi org = servers.newOrg();
    JsonObject pipeline = org.defaultPipeline();
    List<String> names = IntStream.rangeClosed(1, 105).mapToObj(i -> String.format("Deal %03d", i)).toList();
    for (int i = 0; i < names.size(); i++) {
      org.createOpportunity(names.get(i), "10", "USD", OrgApi.stageId(pipeline, i % 2 == 0 ? "Qualification" : "Negotiation"));
    }
    screen.signInWithCredential(servers.devUrl(), org.token);
    screen.waitForBoard();
    screen.showView("list");
    browser.waitFor("the first page", d -> screen.listRowNames().size() == 100);
    sortButton("name").click();
    sortButton("name").click();
    List<String> descending = new ArrayList<>(names);
    Collections.reverse(descending);
    browser.waitFor("the first sorted page", d -> screen.listRowNames().equals(descending.subList(0, 100)));
    WebElement more = browser.waitFor("Show more", d -> d.findElement(By.cssSelector(".list-footer .load-more")));
    browser.js("arguments[0].scrollIntoView()", more);
    browser.waitFor("every row, in order, once", d -> screen.listRowNames().equals(descending));
  }

  private WebElement sortButton(String key) {
    return browser.waitFor("the " + key + " header", d -> d.findElement(By.cssSelector(".list-view .sort-button[data-sort=" + key + "]")));
  }

  private String ariaSort(String key) {
    return (String) browser.js("return document.querySelector('.list-view .sort-button[data-sort=' + arguments[0] + ']')"
        + ".closest('th').getAttribute('aria-sort')", key);
  }

  private void waitForRows(List<String> names) {
    browser.waitFor(() -> "rows " + names + ", have " + screen.listRowNames(), d -> screen.listRowNames().equals(names));
  }
}
