package io.drippulse.crm.api.ui;

import io.drippulse.crm.api.ApiApplication;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.api.support.Tokens;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * The real api-server, twice, for the browser tests: one with DEV_MODE on (the demo sign-in exists) and
 * one with it off. Both serve the UI's static files and talk to this JVM's test database.
 */
final class UiServers {

  private static UiServers instance;

  final Vertx vertx;
  final ApiApplication dev;
  final ApiApplication plain;
  final Tokens tokens;

  private UiServers(Vertx vertx, ApiApplication dev, ApiApplication plain) {
    this.vertx = vertx;
    this.dev = dev;
    this.plain = plain;
    this.tokens = new Tokens(vertx);
  }

  static synchronized UiServers get() {
    if (instance == null) {
      var database = TestDatabase.shared();
      Vertx vertx = Vertx.vertx();
      JsonObject devConfig = TestServer.config(database).put("DEV_MODE", true);
      ApiApplication dev = ApiApplication.start(vertx, devConfig, 1).await();
      ApiApplication plain = ApiApplication.start(vertx, TestServer.config(database).put("DEV_MODE", false), 1).await();
      instance = new UiServers(vertx, dev, plain);
    }
    return instance;
  }

  String devUrl() {
    return "http://localhost:" + dev.port() + "/";
  }

  String plainUrl() {
    return "http://localhost:" + plain.port() + "/";
  }

  /** A user session in a brand-new organization, with an API client to seed and verify its data. */
  OrgApi newOrg() {
    UUID orgId = UUID.randomUUID();
    String userId = "user-" + orgId.toString().substring(0, 8);
    return new OrgApi(vertx, dev.port(), tokens.user(orgId, userId), orgId, userId);
  }

  /** As {@link #newOrg()}, signed in as an org admin ({@code "roles": ["admin"]}). */
  OrgApi newOrgAsAdmin() {
    UUID orgId = UUID.randomUUID();
    String userId = "admin-" + orgId.toString().substring(0, 8);
    String token = tokens.sign("HS256", Tokens.claims(orgId).put("roles", new JsonArray().add("admin")), Tokens.options(userId));
    return new OrgApi(vertx, dev.port(), token, orgId, userId);
  }

  /** Another user (not an admin) of the same organization. */
  OrgApi member(OrgApi org, String userId) {
    return new OrgApi(vertx, dev.port(), tokens.user(org.orgId, userId), org.orgId, userId);
  }
}
