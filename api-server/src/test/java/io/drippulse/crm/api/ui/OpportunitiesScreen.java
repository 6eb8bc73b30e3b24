package io.drippulse.crm.api.ui;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** What a user sees and does on CRM → Opportunities, in the words of the page (stage and card names). */
final class OpportunitiesScreen {

  private final Browser browser;

  OpportunitiesScreen(Browser browser) {
    this.browser = browser;
  }

  // ---- sign-in ----

  void open(String baseUrl) {
    browser.driver.get(baseUrl);
    browser.waitFor("the page to start", d -> !d.findElements(By.cssSelector(".signin-card, .board, .list-view")).isEmpty());
  }

  void signInWithCredential(String baseUrl, String credential) {
    open(baseUrl);
    pasteCredential(credential);
    waitForBoard();
  }

  void pasteCredential(String credential) {
    WebElement box = browser.driver.findElement(By.id("credential"));
    box.clear();
    box.sendKeys(credential);
    browser.driver.findElement(By.cssSelector(".signin-form button[type=submit]")).click();
  }

  /** Every column has read its cards from the server (a column is aria-busy from its first paint until then). */
  void waitForBoard() {
    browser.waitFor("the board to load", d -> Boolean.TRUE.equals(browser.js(
        "const lists = [...document.querySelectorAll('.board .column .cards')];"
        + "return lists.length > 0 && lists.every(l => l.getAttribute('aria-busy') === 'false')"
        + " && document.querySelector('.board').getAttribute('aria-busy') !== 'true'")));
  }

  // ---- board ----

  WebElement column(String stage) {
    return browser.driver.findElement(By.cssSelector(".column[data-stage-name=\"" + stage + "\"]"));
  }

  // Reads go through one script each, so a re-render between two WebDriver calls cannot tear them.

  @SuppressWarnings("unchecked")
  List<String> columnNames() {
    return (List<String>) browser.js("return [...document.querySelectorAll('.column .column-title')].map(e => e.textContent)");
  }

  @SuppressWarnings("unchecked")
  List<String> cardNames(String stage) {
    return (List<String>) browser.js("const c = document.querySelector(`.column[data-stage-name=\"${CSS.escape(arguments[0])}\"]`);"
        + "return c ? [...c.querySelectorAll('.card .card-name')].map(e => e.textContent) : null", stage);
  }

  String columnCount(String stage) {
    return columnText(stage, ".column-count");
  }

  String columnTotal(String stage) {
    return columnText(stage, ".column-total");
  }

  private String columnText(String stage, String selector) {
    return (String) browser.js("const c = document.querySelector(`.column[data-stage-name=\"${CSS.escape(arguments[0])}\"]`);"
        + "return c?.querySelector(arguments[1])?.textContent ?? null", stage, selector);
  }

  /** Nothing in flight: no move waiting for the server, and the column not loading. */
  private boolean columnIdle(String stage) {
    return Boolean.TRUE.equals(browser.js("return document.querySelector('.board')?.getAttribute('aria-busy') !== 'true'"
        + " && document.querySelector(`.column[data-stage-name=\"${CSS.escape(arguments[0])}\"] .cards`)?.getAttribute('aria-busy') === 'false'", stage));
  }

  WebElement card(String name) {
    WebElement card = (WebElement) browser.js("return [...document.querySelectorAll('.card')]"
        + ".find(c => c.querySelector('.card-name').textContent === arguments[0]) ?? null", name);
    if (card == null) {
      throw new AssertionError("no card " + name + " on the board");
    }
    return card;
  }

  void waitForCards(String stage, List<String> names) {
    browser.waitFor(() -> "column " + stage + " to show " + names + " (shows " + cardNames(stage) + ")",
        d -> names.equals(cardNames(stage)) && columnIdle(stage));
  }

  /** Presses on a card and carries it over a column, without letting go (the pointer stays down between steps). */
  void pickUpAndHoldOver(String cardName, String overStage) {
    WebElement card = card(cardName);
    scrollIntoView(column(overStage));
    scrollIntoView(card);
    pressAndCarry(card, column(overStage).findElement(By.cssSelector(".cards")), 0).perform();
  }

  /** Presses on {@code card}, nudges it so the drag starts, and carries it to {@code dy} from {@code target}'s centre. */
  private Actions pressAndCarry(WebElement card, WebElement target, int dy) {
    return new Actions(browser.driver)
        .moveToElement(card)
        .clickAndHold()
        .moveByOffset(12, 12)
        .pause(Duration.ofMillis(50))
        .moveToElement(target, 0, dy)
        .pause(Duration.ofMillis(150));
  }

  private void scrollIntoView(WebElement element) {
    browser.js("arguments[0].scrollIntoView({block: 'nearest', inline: 'nearest'})", element);
  }

  /** Moves the held pointer over {@code element}, straight above or below {@code stage}'s column. */
  void holdOver(WebElement element, String stage) {
    WebElement list = column(stage).findElement(By.cssSelector(".cards"));
    int dx = list.getRect().getX() + list.getSize().getWidth() / 2 - (element.getRect().getX() + element.getSize().getWidth() / 2);
    new Actions(browser.driver).moveToElement(element, dx, 0).pause(Duration.ofMillis(150)).moveToElement(element, dx, 1).perform();
  }

  void letGo() {
    new Actions(browser.driver).pause(Duration.ofMillis(50)).release().perform();
  }

  /** The stage whose column holds the drop placeholder, or null when there is none. */
  String placeholderStage() {
    return (String) browser.js("return document.querySelector('.card-placeholder')?.closest('.column')?.dataset.stageName ?? null");
  }

  /** A real pointer drag: press on the card, move, and release over the gap before {@code beforeCard} (or the column's end). */
  void drag(String cardName, String toStage, String beforeCard) {
    WebElement card = card(cardName);
    WebElement target = beforeCard == null ? column(toStage).findElement(By.cssSelector(".cards")) : card(beforeCard);
    int dy = beforeCard == null ? target.getSize().getHeight() / 2 - 12 : -target.getSize().getHeight() / 2 + 6;
    // the pointer can only reach what is on screen; both ends must be in view
    scrollIntoView(beforeCard == null ? column(toStage) : target);
    scrollIntoView(card);
    pressAndCarry(card, target, dy)
        .moveToElement(target, 0, dy + 1)
        .pause(Duration.ofMillis(50))
        .release()
        .perform();
  }

  /** Focuses a card the way a keyboard user lands on it, then sends real key presses. */
  void focusCard(String name) {
    browser.js("arguments[0].focus()", card(name));
    browser.waitFor("card " + name + " to have focus", d -> Objects.equals(
        browser.js("return document.activeElement && document.activeElement.dataset.id"), card(name).getAttribute("data-id")));
  }

  void press(CharSequence... keys) {
    Actions actions = new Actions(browser.driver);
    for (CharSequence key : keys) {
      actions.sendKeys(key).pause(Duration.ofMillis(30));
    }
    actions.perform();
  }

  String announcement() {
    return browser.driver.findElement(By.id("live")).getAttribute("textContent");
  }

  void waitForAnnouncement(String text) {
    browser.waitFor(() -> "the live region to say '" + text + "' (says '" + announcement() + "')", d -> announcement().contains(text));
  }

  // ---- toolbar, menus, dialogs ----

  void search(String q) {
    WebElement box = browser.driver.findElement(By.id("search"));
    box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    box.sendKeys(q);
  }

  void showView(String view) {
    browser.driver.findElement(By.cssSelector(".segment[data-view=" + view + "]")).click();
    if (view.equals("list")) {
      browser.waitFor("the list to load", d -> !d.findElements(By.cssSelector(".list-view")).isEmpty()
          && d.findElements(By.cssSelector(".list-footer .column-loading")).isEmpty());
    } else {
      waitForBoard();
    }
  }

  List<String> listRowNames() {
    return browser.driver.findElements(By.cssSelector(".list-view tbody tr .row-open")).stream().map(WebElement::getText).toList();
  }

  String selectedPipeline() {
    return (String) browser.js("const s = document.getElementById('pipeline-picker'); return s.selectedOptions[0] ? s.selectedOptions[0].textContent : ''");
  }

  void pipelineAction(String action) {
    browser.driver.findElement(By.cssSelector("[data-action=pipeline-menu]")).click();
    menuItem(action).click();
  }

  WebElement menuItem(String action) {
    return browser.waitFor("menu item " + action, ExpectedConditions.elementToBeClickable(By.cssSelector(".menu [data-action=\"" + action + "\"]")));
  }

  WebElement dialog(String name) {
    return browser.waitFor("dialog " + name, ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[data-dialog=" + name + "]")));
  }

  void waitForDialogToClose(String name) {
    browser.waitFor("dialog " + name + " to close", ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog[data-dialog=" + name + "]")));
  }

  String dialogError(WebElement dialog) {
    return browser.waitFor("an error in the dialog", d -> {
      WebElement error = dialog.findElement(By.cssSelector(".form-error"));
      return error.isDisplayed() ? error.getText() : null;
    });
  }

  String toast() {
    // getText() is "" while a toast is still fading in, so wait for text a person could read
    return browser.waitFor("a message to the user", d -> d.findElements(By.cssSelector("#toasts .toast-text")).stream()
        .map(WebElement::getText).filter(text -> !text.isBlank()).reduce((a, b) -> b).orElse(null));
  }

  /** The message in a column's footer when it could not be read, or null. */
  String columnError(String stage) {
    return columnText(stage, ".column-error span");
  }

  void dismissToasts() {
    browser.js("document.getElementById('toasts').replaceChildren()");
  }
}
