package io.drippulse.crm.api.ui;

import java.util.List;
import java.util.Map;

/**
 * The page's view of the network, under the test's control: a wrapper around {@code window.fetch},
 * installed before any page script runs, records every request the UI makes and can hold, slow down or
 * cut requests off. What it proves is what the UI sent and how it copes, without touching the server.
 */
final class Network {

  private static final String WRAPPER = """
      (() => {
        const realFetch = window.fetch.bind(window);
        const net = window.__net = { log: [], answered: [], rules: [], offline: false, gate: null, open: null };
        net.hold = () => { net.gate = new Promise(resolve => { net.open = resolve; }); };
        net.release = () => { net.open?.(); net.gate = null; };
        window.fetch = async (input, init = {}) => {
          const url = new URL(typeof input === 'string' ? input : input.url ?? String(input), location.href);
          const method = (init.method ?? 'GET').toUpperCase();
          net.log.push({ method, path: url.pathname, body: typeof init.body === 'string' ? init.body : null });
          const rule = net.rules.find(r => r.method === method && new RegExp(r.path).test(url.pathname));
          if (rule?.delayMs) await new Promise(resolve => setTimeout(resolve, rule.delayMs));
          if (rule?.held && net.gate) await net.gate;
          if (net.offline) throw new TypeError('Failed to fetch');
          const response = await realFetch(input, init);
          net.answered.push(method + ' ' + url.pathname);
          if (rule?.answerDelayMs) await new Promise(resolve => setTimeout(resolve, rule.answerDelayMs));
          return response;
        };
      })();
      """;

  private final Browser browser;

  private Network(Browser browser) {
    this.browser = browser;
  }

  /** Call before the first page load: the wrapper is put into every document the tab opens from then on. */
  static Network install(Browser browser) {
    browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WRAPPER));
    return new Network(browser);
  }

  /** Requests so far as "METHOD /path", in the order the page sent them. */
  @SuppressWarnings("unchecked")
  List<String> requests() {
    return (List<String>) browser.js("return window.__net.log.map(r => r.method + ' ' + r.path)");
  }

  /** The JSON bodies sent with {@code method} to paths matching {@code pathRegex}. */
  @SuppressWarnings("unchecked")
  List<String> bodies(String method, String pathRegex) {
    return (List<String>) browser.js("return window.__net.log.filter(r => r.method === arguments[0]"
        + " && new RegExp(arguments[1]).test(r.path)).map(r => r.body)", method, pathRegex);
  }

  /** How many answers to {@code method} on paths matching {@code pathRegex} the page has received so far. */
  long answered(String method, String pathRegex) {
    return (Long) browser.js("return window.__net.answered.filter(r => r.startsWith(arguments[0] + ' ')"
        + " && new RegExp(arguments[1]).test(r.slice(arguments[0].length + 1))).length", method, pathRegex);
  }

  /**
   * The page gets these answers only {@code millis} after the server gave them: what the server read
   * is fixed, and anything that happens meanwhile happened after it.
   */
  void delayAnswers(String method, String pathRegex, int millis) {
    browser.js("window.__net.rules.push({method: arguments[0], path: arguments[1], answerDelayMs: arguments[2]})", method, pathRegex, millis);
  }

  void forget() {
    browser.js("window.__net.log.length = 0");
  }

  void delay(String method, String pathRegex, int millis) {
    browser.js("window.__net.rules.push({method: arguments[0], path: arguments[1], delayMs: arguments[2]})", method, pathRegex, millis);
  }

  /** Requests matching a held rule wait until {@link #release()}; the rule is added before the first page load. */
  void holdFromStart(String method, String pathRegex) {
    browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "window.__net.rules.push({method: '" + method + "', path: '" + pathRegex + "', held: true}); window.__net.hold();"));
  }

  void release() {
    browser.js("window.__net.release()");
  }

  /** Offline: every request fails the way fetch fails when the connection is gone. */
  void offline(boolean offline) {
    browser.js("window.__net.offline = arguments[0]", offline);
  }
}
