package io.drippulse.crm.api.support;

import io.drippulse.crm.api.ApiApplication;
import io.drippulse.crm.api.metrics.ServerMetrics;
import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.UUID;

/**
 * One real api-server per test JVM, on a random port, against this JVM's fresh test database, accepting
 * HS256, RS256 and ES256 tokens with issuer and audience checks on. Tests isolate by using a new org each.
 */
public final class TestServer {

  private static TestServer instance;

  public final Vertx vertx;
  public final ApiApplication app;
  public final WebClient client;
  public final Tokens tokens;
  public final DatabaseUrl database;

  private TestServer(Vertx vertx, ApiApplication app, DatabaseUrl database) {
    this.vertx = vertx;
    this.app = app;
    this.database = database;
    this.client = Contract.validating(WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost("localhost").setDefaultPort(app.port())));
    this.tokens = new Tokens(vertx);
  }

  public static synchronized TestServer get() {
    if (instance == null) {
      DatabaseUrl database = TestDatabase.shared();
      Vertx vertx = ServerMetrics.newVertx();
      ApiApplication app = ApiApplication.start(vertx, config(database), 1).await();
      instance = new TestServer(vertx, app, database);
    }
    return instance;
  }

  public static JsonObject config(DatabaseUrl database) {
    return new JsonObject()
        .put("HTTP_PORT", 0)
        .put("DATABASE_URL", database.toUrl())
        .put("DB_POOL_SIZE", 8)
        .put("DB_MIGRATE", false)
        .put("JWT_HS256_SECRET", TestKeys.HS256_SECRET)
        .put("JWT_PUBLIC_KEYS", TestKeys.publicPem(TestKeys.RSA) + TestKeys.publicPem(TestKeys.EC))
        .put("JWT_ISSUER", TestKeys.ISSUER)
        .put("JWT_AUDIENCE", TestKeys.AUDIENCE)
        // tests that hammer one organization are not about rate limits; RateLimitTest sets a low one
        .put("RATE_LIMIT_PER_MINUTE", 1_000_000);
  }

  public int port() {
    return app.port();
  }

  /** A caller in a brand-new organization. */
  public Api newOrgUser() {
    return as(UUID.randomUUID(), "user-" + UUID.randomUUID().toString().substring(0, 8));
  }

  public Api as(UUID orgId, String userId) {
    return new Api(client, "Bearer " + tokens.user(orgId, userId), orgId, userId);
  }

  /** A user whose token carries {@code roles} exactly as given (an array of strings, or anything else). */
  public Api withRoles(UUID orgId, String userId, Object roles) {
    String token = tokens.sign("HS256", Tokens.claims(orgId).put("roles", roles), Tokens.options(userId));
    return new Api(client, "Bearer " + token, orgId, userId);
  }

  /** An org admin: {@code "roles": ["admin"]}. */
  public Api asAdmin(UUID orgId, String userId) {
    return withRoles(orgId, userId, new io.vertx.core.json.JsonArray().add("sales").add("admin"));
  }

  public Api withAuthorization(String header) {
    return new Api(client, header, null, null);
  }
}
