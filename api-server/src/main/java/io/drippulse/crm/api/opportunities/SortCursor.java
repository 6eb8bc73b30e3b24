package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.model.Ids;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The opaque cursor of a sorted list page: the sort it belongs to, and the last card's sort value (empty when
 * null) and id. The next page is the keyset after that pair; a cursor of another sort (or of board order) is
 * refused rather than read as something it is not.
 */
record SortCursor(ListSort sort, UUID lastId, Optional<Object> value) {

  private static final String VERSION = "s1";

  static SortCursor after(ListSort sort, Row row) {
    return new SortCursor(sort, row.getUUID("id"), Optional.ofNullable(sort.key().read(row)));
  }

  /** Which page statement continues from here. */
  SortSql.From from() {
    return value.isPresent() ? SortSql.From.AFTER_VALUE : SortSql.From.AFTER_NULL;
  }

  String encode() {
    String raw = VERSION + ":" + sort.param() + ":" + lastId + ":" + value.map(v -> "v" + sort.key().format(v)).orElse("n");
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** The value comes last, so a name holding ':' needs no escaping. */
  static Optional<SortCursor> decode(String token, ListSort sort) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    String[] parts;
    try {
      parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":", 4);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (parts.length != 4 || !VERSION.equals(parts[0]) || !sort.param().equals(parts[1])) {
      throw invalid();
    }
    UUID last = Ids.parseUuid(parts[2]).orElseThrow(SortCursor::invalid);
    if (parts[3].equals("n") && sort.key().nullable) {
      return Optional.of(new SortCursor(sort, last, Optional.empty()));
    }
    if (!parts[3].startsWith("v")) {
      throw invalid();
    }
    try {
      return Optional.of(new SortCursor(sort, last, Optional.of(sort.key().parse(parts[3].substring(1)))));
    } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
      throw invalid();
    }
  }

  private static ApiError invalid() {
    return ApiError.badRequest("invalid_cursor", "The cursor is not one this server handed out for this sort; start the list again.");
  }
}
