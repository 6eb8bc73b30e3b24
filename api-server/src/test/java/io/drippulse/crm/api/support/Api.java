package io.drippulse.crm.api.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.UUID;

/** A caller with one credential. Calls block the test thread (never an event loop) until the response arrives. */
public final class Api {

  private final WebClient client;
  private final String authorization;
  public final UUID orgId;
  public final String userId;

  Api(WebClient client, String authorization, UUID orgId, String userId) {
    this.client = client;
    this.authorization = authorization;
    this.orgId = orgId;
    this.userId = userId;
  }

  public HttpResponse<Buffer> get(String path) {
    return send(HttpMethod.GET, path, null);
  }

  public HttpResponse<Buffer> delete(String path) {
    return send(HttpMethod.DELETE, path, null);
  }

  public HttpResponse<Buffer> post(String path, JsonObject body) {
    return send(HttpMethod.POST, path, body);
  }

  public HttpResponse<Buffer> patch(String path, JsonObject body) {
    return send(HttpMethod.PATCH, path, body);
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) {
    return sendRaw(method, path, body == null ? null : body.toBuffer(), "application/json", null);
  }

  public HttpResponse<Buffer> sendRaw(HttpMethod method, String path, Buffer body, String contentType, String ifMatch) {
    HttpRequest<Buffer> request = request(method, path);
    if (ifMatch != null) {
      request.putHeader("If-Match", ifMatch);
    }
    if (body == null) {
      return request.send().await();
    }
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    return request.sendBuffer(body).await();
  }

  public HttpRequest<Buffer> request(HttpMethod method, String path) {
    HttpRequest<Buffer> request = client.request(method, path);
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request;
  }

  /** The Authorization header this caller sends (null for none), for clients other than the WebClient. */
  public String authorization() {
    return authorization;
  }

  public Api withoutAuthorization() {
    return new Api(client, null, orgId, userId);
  }
}
