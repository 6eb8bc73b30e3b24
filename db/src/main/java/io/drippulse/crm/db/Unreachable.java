package io.drippulse.crm.db;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A database that cannot be reached (refused, unknown host, wrong password, no such database), told apart
 * from other failures, as the one sentence both processes stop with; it names DATABASE_URL.
 */
public final class Unreachable {

  private Unreachable() {
  }

  public static Optional<String> sentence(DatabaseUrl url, Throwable failure) {
    Throwable root = root(failure);
    if (!isUnreachable(root)) {
      return Optional.empty();
    }
    return Optional.of("cannot reach the database at " + url + " (DATABASE_URL): " + firstSentence(root.getMessage()));
  }

  private static boolean isUnreachable(Throwable root) {
    if (root instanceof ConnectException || root instanceof UnknownHostException || root instanceof NoRouteToHostException) {
      return true;
    }
    String state = root instanceof SQLException sql ? sql.getSQLState() : sqlStateOf(root);
    return state != null && (state.startsWith("08") || state.startsWith("28") || state.equals("3D000"));
  }

  /** vertx-pg-client's PgException, known here by name: this module does not depend on it. */
  private static String sqlStateOf(Throwable root) {
    if (!root.getClass().getName().equals("io.vertx.pgclient.PgException")) {
      return null;
    }
    try {
      return (String) root.getClass().getMethod("getSqlState").invoke(root);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static Throwable root(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  /** PostgreSQL's driver adds advice and more lines; the first sentence says what happened. */
  private static String firstSentence(String message) {
    if (message == null || message.isBlank()) {
      return "no answer.";
    }
    String line = message.strip().lines().findFirst().orElse("");
    int stop = line.indexOf(". ");
    String sentence = stop > 0 ? line.substring(0, stop + 1) : line;
    return sentence.endsWith(".") ? sentence : sentence + ".";
  }
}
