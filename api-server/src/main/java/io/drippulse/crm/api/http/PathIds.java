package io.drippulse.crm.api.http;

import io.drippulse.crm.model.Ids;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Path ids: a malformed id is simply a record that does not exist (404), like another tenant's id. */
public final class PathIds {

  private PathIds() {
  }

  public static UUID uuid(RoutingContext ctx, String param, String what) {
    return Ids.parseUuid(ctx.pathParam(param)).orElseThrow(() -> ApiError.notFound(what));
  }
}
