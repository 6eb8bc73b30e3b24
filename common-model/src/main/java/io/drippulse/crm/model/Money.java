package io.drippulse.crm.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Amounts are exact decimals end to end: parsed from a JSON string or number into {@link BigDecimal},
 * stored as numeric, written as a string with the currency's minor-unit digits ("1250.50", "1200" for JPY).
 */
public final class Money {

  public static final String DEFAULT_CURRENCY = "USD";
  /** numeric(17,4) in the schema: 13 integer digits. */
  public static final BigDecimal MAX_AMOUNT = new BigDecimal("9999999999999.9999");
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("^[0-9]{1,13}(\\.[0-9]{1,4})?$");
  /** Compiled once: an import checks the currency of every row it reads. */
  private static final Pattern CURRENCY_CODE = Pattern.compile("^[A-Za-z]{3}$");

  private Money() {
  }

  /** An ISO 4217 code in upper case, or empty when the code is not a known currency. */
  public static Optional<String> currency(String code) {
    if (code == null || !CURRENCY_CODE.matcher(code).matches()) {
      return Optional.empty();
    }
    String upper = code.toUpperCase(Locale.ROOT);
    try {
      Currency.getInstance(upper);
      return Optional.of(upper);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Parses an amount given as text or a JSON number's exact text. Refuses negatives, exponents, more
   * fraction digits than the currency has, and values past the column's range, rather than rounding.
   */
  public static Optional<BigDecimal> parseAmount(String text, String currency) {
    if (text == null || !PLAIN_DECIMAL.matcher(text.trim()).matches()) {
      return Optional.empty();
    }
    BigDecimal value = new BigDecimal(text.trim());
    int digits = fractionDigits(currency);
    if (value.stripTrailingZeros().scale() > digits || value.compareTo(MAX_AMOUNT) > 0) {
      return Optional.empty();
    }
    return Optional.of(value.setScale(digits, RoundingMode.UNNECESSARY));
  }

  public static String format(BigDecimal amount, String currency) {
    return amount == null ? null : format(amount, fractionDigits(currency));
  }

  /** {@link #format(BigDecimal, String)} for a caller that looked the currency's digits up once. */
  public static String format(BigDecimal amount, int fractionDigits) {
    return amount == null ? null : amount.setScale(Math.max(fractionDigits, 0), RoundingMode.HALF_EVEN).toPlainString();
  }

  public static int fractionDigits(String currency) {
    try {
      int digits = Currency.getInstance(currency).getDefaultFractionDigits();
      return digits < 0 ? 0 : digits;
    } catch (RuntimeException e) {
      return 2;
    }
  }
}
