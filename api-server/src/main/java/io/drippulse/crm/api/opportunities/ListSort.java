package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import io.vertx.sqlclient.Row;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A list sort of PRODUCT.md §9.4: a key and a direction. Ties go by id in the same direction, so the order is
 * total; a key's nulls come after its values in both directions (docs/decisions.md, "List sorting").
 */
record ListSort(Key key, boolean descending) {

  /** A sortable column: its name in the query string, the expression its index holds, and its SQL type. */
  enum Key {
    NAME("name", "lower(o.name)", "text", false),
    AMOUNT("amount", "o.amount", "numeric", true),
    EXPECTED_CLOSE_DATE("expected_close_date", "o.expected_close_date", "date", true),
    UPDATED_AT("updated_at", "o.updated_at", "timestamptz", false);

    final String param;
    final String expression;
    final String sqlType;
    final boolean nullable;

    Key(String param, String expression, String sqlType, boolean nullable) {
      this.param = param;
      this.expression = expression;
      this.sqlType = sqlType;
      this.nullable = nullable;
    }

    /** The row's sort value, as the page statement selects it ({@code sort_key}). */
    Object read(Row row) {
      return switch (this) {
        case NAME -> row.getString("sort_key");
        case AMOUNT -> row.getBigDecimal("sort_key");
        case EXPECTED_CLOSE_DATE -> row.getLocalDate("sort_key");
        case UPDATED_AT -> row.getOffsetDateTime("sort_key");
      };
    }

    /** A sort value as cursor text; timestamps in microseconds, as stored. */
    String format(Object value) {
      return switch (this) {
        case NAME -> (String) value;
        case AMOUNT -> ((BigDecimal) value).toPlainString();
        case EXPECTED_CLOSE_DATE -> value.toString();
        case UPDATED_AT -> {
          Instant at = ((OffsetDateTime) value).toInstant();
          yield Long.toString(Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1_000));
        }
      };
    }

    /**
     * Cursor text back to a value, within what the column can hold (a forged cursor is a 400, never a database
     * error); a malformed one throws IllegalArgumentException or DateTimeException.
     */
    Object parse(String text) {
      return switch (this) {
        case NAME -> {
          if (text.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException("NUL in a name");
          }
          yield text;
        }
        case AMOUNT -> {
          BigDecimal amount = new BigDecimal(text);
          if (amount.scale() > 4 || amount.precision() - amount.scale() > 13) {
            throw new IllegalArgumentException("not a numeric(17, 4)");
          }
          yield amount;
        }
        case EXPECTED_CLOSE_DATE -> {
          LocalDate date = LocalDate.parse(text);
          // PostgreSQL's date range
          if (date.getYear() < -4712 || date.getYear() > 5_874_897) {
            throw new IllegalArgumentException("out of range");
          }
          yield date;
        }
        case UPDATED_AT -> {
          long micros = Long.parseLong(text);
          OffsetDateTime at = OffsetDateTime.ofInstant(Instant.EPOCH.plusSeconds(Math.floorDiv(micros, 1_000_000L))
              .plusNanos(Math.floorMod(micros, 1_000_000L) * 1_000L), ZoneOffset.UTC);
          if (at.getYear() < 1 || at.getYear() > 9999) {
            throw new IllegalArgumentException("out of range");
          }
          yield at;
        }
      };
    }
  }

  private static final String ALLOWED = Arrays.stream(Key.values())
      .map(k -> k.param + ", -" + k.param).collect(Collectors.joining(", "));

  /** {@code name}, {@code -name}, …: anything else is a 400, never silently board order. */
  static Optional<ListSort> parse(Optional<String> raw) {
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    boolean descending = raw.get().startsWith("-");
    String name = descending ? raw.get().substring(1) : raw.get();
    return Optional.of(Arrays.stream(Key.values()).filter(k -> k.param.equals(name)).findFirst()
        .map(key -> new ListSort(key, descending))
        .orElseThrow(() -> ApiError.badRequest("invalid_query", "sort must be one of " + ALLOWED + ".")));
  }

  /** As the query string spells it. */
  String param() {
    return (descending ? "-" : "") + key.param;
  }
}
