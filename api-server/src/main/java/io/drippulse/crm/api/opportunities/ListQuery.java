package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.QueryParams;
import io.drippulse.crm.model.Ids;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;

/** The list route's query string: unknown-shaped values are 400, never silently ignored. */
record ListQuery(Optional<UUID> pipelineId, Optional<UUID> stageId, Optional<String> q, int limit, Optional<Cursor> cursor,
                 boolean deleted, boolean rotting, Optional<String> status, Optional<String> ownerUserId,
                 Optional<ListSort> sort, Optional<SortCursor> sortCursor) {

  /** Whether a filter beside q is set: those pages take the filtered statements. */
  boolean filtered() {
    return rotting || status.isPresent() || ownerUserId.isPresent();
  }


  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;

  /** A cursor belongs to one order: board order's is read only without sort, a sort's only with that sort. */
  static ListQuery parse(RoutingContext ctx) {
    boolean deleted = deleted(ctx);
    Optional<ListSort> sort = ListSort.parse(QueryParams.get(ctx, "sort"));
    String cursor = deleted ? null : QueryParams.get(ctx, "cursor").orElse(null);
    return new ListQuery(
        uuidParam(ctx, "pipeline_id"),
        uuidParam(ctx, "pipeline_stage_id"),
        QueryParams.q(ctx),
        limit(ctx),
        sort.isPresent() ? Optional.empty() : Cursor.decode(cursor),
        deleted,
        bool(ctx, "rotting"),
        status(ctx),
        QueryParams.get(ctx, "owner_user_id"),
        sort,
        sort.flatMap(s -> SortCursor.decode(cursor, s)));
  }

  /**
   * {@code deleted=true} lists the trash (its own cursor, decoded by {@link Trash}); it takes limit, cursor and
   * pipeline_id, and refuses the board's filters rather than ignore them.
   */
  private static boolean deleted(RoutingContext ctx) {
    boolean deleted = bool(ctx, "deleted");
    for (String boardOnly : new String[] {"q", "pipeline_stage_id", "rotting", "status", "owner_user_id", "sort"}) {
      if (deleted && QueryParams.get(ctx, boardOnly).isPresent()) {
        throw ApiError.badRequest("invalid_query", boardOnly + " cannot be combined with deleted=true.");
      }
    }
    return deleted;
  }

  private static Optional<String> status(RoutingContext ctx) {
    Optional<String> raw = QueryParams.get(ctx, "status");
    if (raw.isPresent() && !raw.get().equals("open") && !raw.get().equals("won") && !raw.get().equals("lost")) {
      throw ApiError.badRequest("invalid_query", "status must be open, won or lost.");
    }
    return raw;
  }

  private static boolean bool(RoutingContext ctx, String name) {
    String raw = QueryParams.get(ctx, name).orElse("false");
    if (!raw.equals("true") && !raw.equals("false")) {
      throw ApiError.badRequest("invalid_query", name + " must be true or false.");
    }
    return raw.equals("true");
  }

  private static Optional<UUID> uuidParam(RoutingContext ctx, String name) {
    String raw = QueryParams.get(ctx, name).orElse(null);
    if (raw == null) {
      return Optional.empty();
    }
    // a malformed id is an id that does not exist
    return Optional.of(Ids.parseUuid(raw).orElseThrow(() -> ApiError.notFound(name.equals("pipeline_id") ? "Pipeline" : "Stage")));
  }

  private static int limit(RoutingContext ctx) {
    String message = "limit must be a whole number from 1 to " + MAX_LIMIT + ".";
    int limit = QueryParams.wholeNumber(ctx, "limit", "invalid_limit", message).orElse(DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiError.badRequest("invalid_limit", message);
    }
    return limit;
  }
}
