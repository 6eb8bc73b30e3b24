package io.drippulse.crm.db.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drippulse.crm.db.DatabaseUrl;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one settings parser: values, defaults, and a sentence naming the variable for every bad value. */
class SettingsTest {

  @Test
  void blankValuesCountAsNotSet() {
    Settings settings = Settings.of(Map.of("A", "  ", "B", ""));
    assertThat(settings.text("A")).isEmpty();
    assertThat(settings.bool("B", true)).isTrue();
    assertThat(settings.integer("A", 7, 1, 10)).isEqualTo(7);
  }

  @Test
  void booleansAcceptTheUsualSpellings() {
    Settings settings = Settings.of(Map.of("ON", "Yes", "OFF", "0", "JSON_TRUE", true));
    assertThat(settings.bool("ON", false)).isTrue();
    assertThat(settings.bool("OFF", true)).isFalse();
    assertThat(settings.bool("JSON_TRUE", false)).isTrue();
    assertThatThrownBy(() -> Settings.of(Map.of("DB_MIGRATE", "sometimes")).bool("DB_MIGRATE", true))
        .isInstanceOf(SettingException.class).hasMessage("DB_MIGRATE must be true or false, not 'sometimes'.");
  }

  @Test
  void integersAreCheckedAgainstTheirRange() {
    Settings settings = Settings.of(Map.of("PORT", 8080, "LOTS", "lots", "BIG", "70000"));
    assertThat(settings.integer("PORT", null, 0, 65535)).isEqualTo(8080);
    assertThatThrownBy(() -> settings.integer("LOTS", 1, 1, 10, "connections"))
        .hasMessage("LOTS must be a whole number from 1 to 10 (connections), not 'lots'.");
    assertThatThrownBy(() -> settings.integer("BIG", 1, 0, 65535)).hasMessageStartingWith("BIG must be a whole number from 0 to 65535");
    assertThatThrownBy(() -> settings.integer("MISSING", null, 0, 1)).hasMessage("MISSING is not set.");
  }

  @Test
  void durationsTakeAUnit() {
    Settings settings = Settings.of(Map.of("A", "24h", "B", "90", "C", "7d", "D", "500ms", "E", "soon", "F", "0s"));
    Duration min = Duration.ofMillis(1);
    Duration max = Duration.ofDays(30);
    assertThat(settings.duration("A", null, min, max)).isEqualTo(Duration.ofHours(24));
    assertThat(settings.duration("B", null, min, max)).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.duration("C", null, min, max)).isEqualTo(Duration.ofDays(7));
    assertThat(settings.duration("D", null, min, max)).isEqualTo(Duration.ofMillis(500));
    assertThat(settings.duration("UNSET", Duration.ofMinutes(5), min, max)).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> settings.duration("E", null, min, max))
        .hasMessage("E must be a duration from 1ms to 30d such as 30s, 15m, 24h or 7d, not 'soon'.");
    assertThatThrownBy(() -> settings.duration("F", null, min, max)).hasMessageStartingWith("F must be a duration");
  }

  @Test
  void choicesAreCaseInsensitive() {
    assertThat(Settings.of(Map.of("LOG_FORMAT", "JSON")).choice("LOG_FORMAT", "text", Set.of("text", "json"))).isEqualTo("json");
    assertThatThrownBy(() -> Settings.of(Map.of("LOG_FORMAT", "xml")).choice("LOG_FORMAT", "text", Set.of("text", "json")))
        .hasMessage("LOG_FORMAT must be one of json, text, not 'xml'.");
  }

  @Test
  void theDatabaseUrlHasOneDefault() {
    assertThat(Settings.of(Map.of()).database()).isEqualTo(DatabaseUrl.parse(DatabaseUrl.DEFAULT));
    assertThat(Settings.of(Map.of("DATABASE_URL", "postgresql://u:p@db:6543/crm")).database().port()).isEqualTo(6543);
    assertThatThrownBy(() -> Settings.of(Map.of("DATABASE_URL", "mysql://db/crm")).database())
        .isInstanceOf(SettingException.class).hasMessageContaining("DATABASE_URL must start with postgresql://");
  }
}
