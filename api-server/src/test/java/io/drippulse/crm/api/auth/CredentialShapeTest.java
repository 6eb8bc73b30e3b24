package io.drippulse.crm.api.auth;

import static io.drippulse.crm.api.support.Json.assertError;
import static io.drippulse.crm.api.support.Json.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.TestKeys;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.api.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Correctly signed tokens whose registered claims have the wrong JSON type, tokens that are not exactly
 * three segments, and ambiguous Authorization headers: each is refused with a JSON error, never a 500.
 */
class CredentialShapeTest {

  private static final String PROBE = "/api/v1/api_keys";
  private final TestServer server = TestServer.get();
  private final UUID org = UUID.randomUUID();

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"exp:string", "exp:null", "exp:true", "exp:object", "exp:array", "exp:huge",
      "nbf:string", "nbf:null", "nbf:false", "nbf:object", "iat:string", "iat:null", "iat:true", "iat:object",
      "aud:number", "aud:numbers", "aud:object", "iss:number"})
  void aSignedTokenWithAMistypedClaimIs401(String mistake) {
    String[] parts = mistake.split(":");
    JsonObject claims = goodClaims();
    claims.put(parts[0], switch (parts[1]) {
      case "string" -> "9999999999";
      case "null" -> null;
      case "true" -> true;
      case "false" -> false;
      case "object" -> new JsonObject().put("seconds", 1);
      case "array" -> new JsonArray().add(1);
      case "huge" -> new java.math.BigInteger("1" + "0".repeat(40));
      case "number" -> 42;
      default -> new JsonArray().add(1).add(2);
    });
    assertError(bearer(hs256(claims)).get(PROBE), 401, "invalid_token");
  }

  @Test
  void theHandSignedTokenIsAcceptedWhenItsClaimsAreWellTyped() {
    // the control: the same signer and claims, only the mistake removed, gets through
    assertThat(bearer(hs256(goodClaims())).get(PROBE).statusCode()).isEqualTo(200);
  }

  @Test
  void aValidTokenWithExtraSegmentsOrPaddingIs401() {
    String token = server.tokens.user(org, "alice");
    assertThat(bearer(token).get(PROBE).statusCode()).isEqualTo(200);
    for (String bent : new String[] {token + ".", token + "..", token + ".x", "." + token, token + "=", token + " x",
        token.replaceFirst("\\.", ".."), token.replace('-', '+')}) {
      if (bent.equals(token)) {
        continue;
      }
      HttpResponse<Buffer> response = bearer(bent).get(PROBE);
      assertThat(response.statusCode()).as(bent).isEqualTo(401);
    }
  }

  @Test
  void anApiKeyWithAnythingAppendedIs401() {
    String key = ok(server.newOrgUser().post("/api/v1/api_keys", new JsonObject().put("name", "ci")), 201).getString("key");
    assertThat(bearer(key).get(PROBE).statusCode()).isEqualTo(200);
    assertError(bearer(key + "x").get(PROBE), 401, "invalid_api_key");
    assertError(bearer(key + ".").get(PROBE), 401, "invalid_api_key");
  }

  @Test
  void twoAuthorizationHeadersAreRefusedWhateverTheirOrder() {
    String alice = "Bearer " + server.tokens.user(org, "alice");
    String bob = "Bearer " + server.tokens.user(UUID.randomUUID(), "bob");
    for (String[] pair : new String[][] {{alice, bob}, {bob, alice}, {alice, "Bearer garbage"}, {"Bearer garbage", alice},
        {alice, alice}}) {
      HttpResponse<Buffer> response = server.client.request(HttpMethod.GET, PROBE)
          .putHeader("Authorization", java.util.List.of(pair[0], pair[1])).send().await();
      assertError(response, 400, "ambiguous_credentials");
    }
  }

  private JsonObject goodClaims() {
    long now = Instant.now().getEpochSecond();
    return new JsonObject().put("sub", "alice").put("org_id", org.toString()).put("iss", TestKeys.ISSUER)
        .put("aud", TestKeys.AUDIENCE).put("iat", now).put("exp", now + 600);
  }

  /** Signed by hand, so the claims go out exactly as typed (a library signer would refuse or coerce them). */
  private static String hs256(JsonObject claims) {
    String signingInput = Tokens.b64(new JsonObject().put("alg", "HS256").put("typ", "JWT").encode()) + "."
        + Tokens.b64(claims.encode());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(TestKeys.HS256_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private io.drippulse.crm.api.support.Api bearer(String token) {
    return server.withAuthorization("Bearer " + token);
  }
}
