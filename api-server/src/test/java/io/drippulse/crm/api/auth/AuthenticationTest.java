package io.drippulse.crm.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.ScratchServer;
import io.drippulse.crm.api.support.TestKeys;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.api.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Every class of credential failure answers 401 with a JSON error; the good ones get through. */
class AuthenticationTest {

  private static final String PROBE = "/api/v1/api_keys";
  private final TestServer server = TestServer.get();
  private final UUID org = UUID.randomUUID();

  @Test
  void missingHeaderIs401() {
    assertUnauthorized(server.newOrgUser().withoutAuthorization().get(PROBE), "missing_credentials");
  }

  @Test
  void garbageIs401() {
    assertUnauthorized(bearer("not-a-token").get(PROBE), "invalid_token");
    assertUnauthorized(server.withAuthorization("Basic dXNlcjpwYXNz").get(PROBE), "invalid_credentials");
  }

  @Test
  void validHs256Rs256AndEs256TokensAreAccepted() {
    assertThat(bearer(server.tokens.user(org, "alice")).get(PROBE).statusCode()).isEqualTo(200);
    assertThat(bearer(server.tokens.sign("RS256", Tokens.claims(org), Tokens.options("bob"))).get(PROBE).statusCode()).isEqualTo(200);
    assertThat(bearer(server.tokens.sign("ES256", Tokens.claims(org), Tokens.options("carol"))).get(PROBE).statusCode()).isEqualTo(200);
  }

  @Test
  void badSignatureIs401() {
    JWTAuth other = JWTAuth.create(server.vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer("another-secret-that-is-long-enough-0123456789")));
    String forged = other.generateToken(Tokens.claims(org), Tokens.options("mallory").setAlgorithm("HS256"));
    assertUnauthorized(bearer(forged).get(PROBE), "invalid_token");

    String valid = server.tokens.user(org, "alice");
    String tampered = valid.substring(0, valid.lastIndexOf('.') + 1) + "AAAA" + valid.substring(valid.lastIndexOf('.') + 5);
    assertUnauthorized(bearer(tampered).get(PROBE), "invalid_token");
  }

  @Test
  void algNoneIs401() {
    String token = Tokens.raw(new JsonObject().put("alg", "none").put("typ", "JWT"), payload("mallory"), "");
    assertUnauthorized(bearer(token).get(PROBE), "invalid_token");
  }

  @Test
  void hs256SignedWithTheRsaPublicKeyIs401() {
    // the classic confusion attack: HMAC keyed with the server's public RSA key (here beside an HS256
    // secret; see the next test for a server holding public keys only)
    JWTAuth confused = JWTAuth.create(server.vertx, new JWTAuthOptions().addPubSecKey(
        new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(TestKeys.publicPem(TestKeys.RSA))));
    String token = confused.generateToken(Tokens.claims(org), Tokens.options("mallory").setAlgorithm("HS256"));
    assertUnauthorized(bearer(token).get(PROBE), "invalid_token");
  }

  /**
   * The dangerous set-up for HS/RS confusion: no HS256 secret at all, only public keys. A forger who knows a
   * public key (it is public) signs HS256 with its bytes as the HMAC secret, in every form a server might
   * hold it; only the algorithm check stands in the way.
   */
  @Test
  void hs256SignedWithAPublicKeyIs401WhenOnlyPublicKeysAreConfigured() {
    JsonObject config = TestServer.config(server.database);
    config.remove("JWT_HS256_SECRET");
    try (ScratchServer publicKeysOnly = ScratchServer.start(config)) {
      String genuine = server.tokens.sign("RS256", Tokens.claims(org), Tokens.options("bob"));
      assertThat(publicKeysOnly.withAuthorization("Bearer " + genuine).get(PROBE).statusCode()).isEqualTo(200);

      String rsaPem = TestKeys.publicPem(TestKeys.RSA);
      String ecPem = TestKeys.publicPem(TestKeys.EC);
      List<byte[]> secrets = List.of(utf8(rsaPem), utf8(rsaPem.strip()), utf8(rsaPem + TestKeys.publicPem(TestKeys.EC)),
          TestKeys.RSA.getPublic().getEncoded(), utf8(ecPem), utf8(ecPem.strip()));
      for (byte[] secret : secrets) {
        String forged = hs256(new JsonObject().put("alg", "HS256").put("typ", "JWT"), payload("mallory"), secret);
        assertUnauthorized(publicKeysOnly.withAuthorization("Bearer " + forged).get(PROBE), "invalid_token");
      }
    }
  }

  @Test
  void expiredIs401() {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = Tokens.claims(org).put("exp", now - 120);
    assertUnauthorized(bearer(server.tokens.sign("HS256", claims, noExpiry("alice"))).get(PROBE), "invalid_token");
  }

  /** Verified tokens are remembered (JwtVerifier); a remembered one still expires on time. */
  @Test
  void aTokenThatWorkedIs401OnceItExpires() {
    long exp = System.currentTimeMillis() / 1000 + 2;
    String token = server.tokens.sign("HS256", Tokens.claims(org).put("exp", exp), noExpiry("alice"));
    assertThat(bearer(token).get(PROBE).statusCode()).isEqualTo(200);
    assertThat(bearer(token).get(PROBE).statusCode()).isEqualTo(200);
    long deadline = System.currentTimeMillis() + 10_000;
    long sent;
    HttpResponse<Buffer> response;
    do {
      sent = System.currentTimeMillis() / 1000;
      response = bearer(token).get(PROBE);
      if (response.statusCode() == 200) {
        assertThat(sent).as("a 200 only for a request sent before its exp").isLessThan(exp);
      }
    } while (response.statusCode() == 200 && System.currentTimeMillis() < deadline);
    assertUnauthorized(response, "invalid_token");
  }

  @Test
  void notYetValidIs401() {
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = Tokens.claims(org).put("nbf", now + 3600);
    assertUnauthorized(bearer(server.tokens.sign("HS256", claims, Tokens.options("alice"))).get(PROBE), "invalid_token");
  }

  @Test
  void wrongIssuerOrAudienceIs401() {
    JWTOptions wrongIssuer = Tokens.options("alice").setIssuer("someone-else");
    assertUnauthorized(bearer(server.tokens.sign("HS256", Tokens.claims(org), wrongIssuer)).get(PROBE), "invalid_token");
    JWTOptions wrongAudience = Tokens.options("alice").setAudience(List.of("another-api"));
    assertUnauthorized(bearer(server.tokens.sign("HS256", Tokens.claims(org), wrongAudience)).get(PROBE), "invalid_token");
  }

  @Test
  void missingOrMalformedOrgIdIs401() {
    assertUnauthorized(bearer(server.tokens.sign("HS256", new JsonObject(), Tokens.options("alice"))).get(PROBE), "invalid_token");
    JsonObject notUuid = new JsonObject().put("org_id", "acme");
    assertUnauthorized(bearer(server.tokens.sign("HS256", notUuid, Tokens.options("alice"))).get(PROBE), "invalid_token");
  }

  @Test
  void missingSubOrExpIs401() {
    JWTOptions noSubject = new JWTOptions().setExpiresInMinutes(5).setIssuer(TestKeys.ISSUER).setAudience(List.of(TestKeys.AUDIENCE));
    assertUnauthorized(bearer(server.tokens.sign("HS256", Tokens.claims(org), noSubject)).get(PROBE), "invalid_token");
    assertUnauthorized(bearer(server.tokens.sign("HS256", Tokens.claims(org), noExpiry("alice"))).get(PROBE), "invalid_token");
  }

  @Test
  void organizationAndUserAreRecordedOnFirstSight() throws Exception {
    assertThat(bearer(server.tokens.user(org, "first-sight")).get(PROBE).statusCode()).isEqualTo(200);
    try (var c = io.drippulse.crm.db.TestDatabase.connect(server.database);
         var st = c.prepareStatement("SELECT count(*) FROM users WHERE org_id = ? AND id = 'first-sight'")) {
      st.setObject(1, org);
      var rs = st.executeQuery();
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  private static JWTOptions noExpiry(String subject) {
    return new JWTOptions().setSubject(subject).setIssuer(TestKeys.ISSUER).setAudience(List.of(TestKeys.AUDIENCE));
  }

  private JsonObject payload(String subject) {
    long now = System.currentTimeMillis() / 1000;
    return Tokens.claims(org).put("sub", subject).put("exp", now + 600).put("iss", TestKeys.ISSUER).put("aud", TestKeys.AUDIENCE);
  }

  private static String hs256(JsonObject header, JsonObject payload, byte[] secret) {
    String signingInput = Tokens.b64(header.encode()) + "." + Tokens.b64(payload.encode());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(utf8(signingInput)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private Api bearer(String token) {
    return server.withAuthorization("Bearer " + token);
  }

  static void assertUnauthorized(HttpResponse<Buffer> response, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(401);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank();
    assertThat(error.getJsonArray("details")).isNotNull();
  }
}
