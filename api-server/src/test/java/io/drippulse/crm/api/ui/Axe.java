package io.drippulse.crm.api.ui;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * axe-core (the copy bundled with com.deque.html.axe-core:selenium) run in the page as it stands: WCAG 2.1
 * A and AA plus Deque's best practices. Every violation, whatever its impact, is a failure.
 */
final class Axe {

  static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice");

  private Axe() {
  }

  /** The violations on the page now, one line per rule and element ("" when clean). */
  static String violations(Browser browser) {
    Results results = new AxeBuilder().withTags(TAGS).analyze(browser.driver);
    if (results.isErrored()) {
      throw new AssertionError("axe could not run: " + results.getErrorMessage());
    }
    return results.getViolations().stream().map(Axe::describe).collect(Collectors.joining("\n"));
  }

  private static String describe(Rule rule) {
    return rule.getNodes().stream()
        .map(node -> "- " + rule.getId() + " (" + rule.getImpact() + ") " + node.getTarget() + ": "
            + rule.getHelp() + ". " + String.valueOf(node.getFailureSummary()).replace('\n', ' ') + " | " + node.getHtml())
        .collect(Collectors.joining("\n"));
  }
}
