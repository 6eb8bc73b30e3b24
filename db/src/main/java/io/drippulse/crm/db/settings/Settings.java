package io.drippulse.crm.db.settings;

import io.drippulse.crm.db.DatabaseUrl;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one parser of settings for both processes: the api-server hands it vertx-config's merged values, the
 * worker its environment. Every value is read by name; a malformed one is a {@link SettingException} whose
 * message names the variable and says what it accepts. A blank value counts as not set.
 */
public final class Settings {

  private static final Pattern DURATION = Pattern.compile("^(\\d{1,9})\\s*(ms|s|m|h|d)?$");

  private final Function<String, Object> values;

  private Settings(Function<String, Object> values) {
    this.values = values;
  }

  public static Settings of(Map<String, ?> values) {
    return new Settings(values::get);
  }

  public Optional<String> text(String name) {
    Object value = values.apply(name);
    if (value == null || value.toString().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.toString().trim());
  }

  public String text(String name, String fallback) {
    return text(name).orElse(fallback);
  }

  /** One of {@code allowed} (case-insensitive), returned in lower case. */
  public String choice(String name, String fallback, Set<String> allowed) {
    String value = text(name, fallback).toLowerCase(Locale.ROOT);
    if (!allowed.contains(value)) {
      throw new SettingException(name + " must be one of " + String.join(", ", allowed.stream().sorted().toList())
          + ", not '" + value + "'.");
    }
    return value;
  }

  public boolean bool(String name, boolean fallback) {
    String value = text(name).orElse(String.valueOf(fallback)).toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new SettingException(name + " must be true or false, not '" + value + "'.");
    };
  }

  /** A whole number in [min, max]; {@code fallback} null makes the setting required. */
  public int integer(String name, Integer fallback, int min, int max) {
    return Math.toIntExact(longInteger(name, fallback == null ? null : fallback.longValue(), min, max, null));
  }

  /** As {@link #integer(String, Integer, int, int)}, saying in the error what the number means. */
  public int integer(String name, Integer fallback, int min, int max, String meaning) {
    return Math.toIntExact(longInteger(name, fallback == null ? null : fallback.longValue(), min, max, meaning));
  }

  public long longInteger(String name, Long fallback, long min, long max, String meaning) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      if (fallback == null) {
        throw new SettingException(name + " is not set.");
      }
      return fallback;
    }
    String range = " from " + min + " to " + max + (meaning == null ? "" : " (" + meaning + ")");
    try {
      long parsed = Long.parseLong(value.get());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new SettingException(name + " must be a whole number" + range + ", not '" + value.get() + "'.");
  }

  /** A number with a unit, {@code 500ms}, {@code 30s}, {@code 15m}, {@code 24h}, {@code 7d}; a bare number is seconds. */
  public Duration duration(String name, Duration fallback, Duration min, Duration max) {
    Optional<String> value = text(name);
    if (value.isEmpty()) {
      return fallback;
    }
    Matcher m = DURATION.matcher(value.get().toLowerCase(Locale.ROOT));
    Duration parsed = m.matches() ? unit(m.group(2)).apply(Long.parseLong(m.group(1))) : null;
    if (parsed == null || parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
      throw new SettingException(name + " must be a duration from " + show(min) + " to " + show(max)
          + " such as 30s, 15m, 24h or 7d, not '" + value.get() + "'.");
    }
    return parsed;
  }

  /** DATABASE_URL, defaulting to the local PostgreSQL's {@code drippulse} database. */
  public DatabaseUrl database() {
    try {
      return DatabaseUrl.parse(text("DATABASE_URL", DatabaseUrl.DEFAULT));
    } catch (IllegalArgumentException e) {
      throw new SettingException(e.getMessage());
    }
  }

  private static Function<Long, Duration> unit(String unit) {
    return switch (unit == null ? "s" : unit) {
      case "ms" -> Duration::ofMillis;
      case "m" -> Duration::ofMinutes;
      case "h" -> Duration::ofHours;
      case "d" -> Duration::ofDays;
      default -> Duration::ofSeconds;
    };
  }

  private static String show(Duration d) {
    if (d.toMillis() % 86_400_000 == 0) {
      return d.toDays() + "d";
    }
    if (d.toMillis() % 3_600_000 == 0) {
      return d.toHours() + "h";
    }
    if (d.toMillis() % 60_000 == 0) {
      return d.toMinutes() + "m";
    }
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
