package io.drippulse.crm.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values that would install pods bound to crash are refused at render time, with the value to fix named. */
class InvalidValuesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      no-database-secret.yaml          | no database secret: set secret.existingSecret to the name of a Secret holding DATABASE_URL, or set secret.databaseUrl
      no-jwt-key.yaml                  | no JWT key: the api-server refuses to start without one; set secret.jwtPublicKeys
      existing-and-inline-secret.yaml  | secret.existingSecret is set, so secret.databaseUrl, secret.jwtPublicKeys and secret.jwtHs256Secret must stay empty
      bad-database-url.yaml            | secret.databaseUrl must look like postgresql://user:pass@host:port/db
      exports-without-orgs.yaml        | scheduledExports.enabled is true but scheduledExports.orgs is empty
      exports-bad-org.yaml             | 'acme-inc' does not match pattern
      misspelled-key.yaml              | at '/api': additional properties 'replicas' not allowed
      autoscaling-min-above-max.yaml   | api.autoscaling.minReplicas must not exceed api.autoscaling.maxReplicas
      short-hs256-secret.yaml          | secret.jwtHs256Secret is too short: the api-server needs at least 32 characters
      dev-mode-without-hs256.yaml      | config.devMode needs secret.jwtHs256Secret: the demo sign-in mints HS256 tokens
      stop-grace-not-below-termination.yaml | worker.stopGraceSeconds (60) must be less than worker.terminationGracePeriodSeconds (60)
      """)
  void refusesToRender(String valuesFile, String expectedMessage) {
    assertThatThrownBy(() -> Chart.render(Chart.testValues(valuesFile)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(expectedMessage);
  }
}
