package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.auth.Principal;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.Fields;
import io.drippulse.crm.api.http.JsonBody;
import io.drippulse.crm.api.http.KnownFields;
import io.drippulse.crm.api.http.PathIds;
import io.drippulse.crm.api.http.QueryParams;
import io.drippulse.crm.api.http.Responses;
import io.drippulse.crm.api.pipelines.PipelineRepository;
import io.drippulse.crm.model.Ids;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code /api/v1/crm/opportunities} (PRODUCT.md §6) and the pipeline summary (§9). */
public final class OpportunityRoutes {

  private static final String BASE = "/crm/opportunities";
  private static final KnownFields REORDER = KnownFields.of("pipeline_stage_id", "ordered_ids");

  private final OpportunityRepository opportunities;
  private final PipelineRepository pipelines;
  private final Moves moves;
  private final Reorder reorder;
  private final BoardQueries board;
  private final Trash trash;
  private final BulkMove bulkMove;

  public OpportunityRoutes(Pool pool, PipelineRepository pipelines) {
    Lookups lookups = new Lookups();
    this.opportunities = new OpportunityRepository(pool, pipelines, lookups);
    this.pipelines = pipelines;
    this.moves = new Moves(pool, lookups);
    this.reorder = new Reorder(pool);
    this.board = new BoardQueries(pool, lookups);
    this.trash = new Trash(pool, pipelines, lookups);
    this.bulkMove = new BulkMove(pool);
  }

  public void mount(Router api) {
    api.get(BASE).handler(this::list);
    api.post(BASE).handler(this::create);
    api.post(BASE + "/reorder").handler(this::reorder);
    api.post(BASE + "/bulk_move").handler(this::bulkMove);
    api.get(BASE + "/:id").handler(this::get);
    api.patch(BASE + "/:id").handler(this::update);
    api.delete(BASE + "/:id").handler(this::delete);
    api.post(BASE + "/:id/restore").handler(this::restore);
    api.get(BASE + "/:id/stage_history").handler(this::history);
    api.get("/crm/opportunity_pipelines/:id/summary").handler(this::summary);
  }

  /** Who a stage transition names: the user, or {@code api_key:<key id>} for an API-key caller. */
  private static String actor(Principal caller) {
    return caller.hasUser() ? caller.userId() : "api_key:" + caller.apiKeyId();
  }

  private void list(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    ListQuery query = ListQuery.parse(ctx);
    if (query.deleted()) {
      trash.page(caller.orgId(), query.pipelineId(), query.limit(), QueryParams.get(ctx, "cursor"))
          .compose(body -> Responses.json(ctx, 200, body))
          .onFailure(ctx::fail);
      return;
    }
    Future<UUID> pipeline;
    if (query.pipelineId().isPresent()) {
      pipeline = Future.succeededFuture(query.pipelineId().get());
    } else if (query.stageId().isPresent()) {
      pipeline = opportunities.pipelineOfStage(caller.orgId(), query.stageId().get());
    } else {
      pipeline = pipelines.defaultFor(caller.orgId(), caller.userId());
    }
    pipeline.compose(id -> opportunities.page(caller.orgId(), id, query)
            // one query when there are cards; only an empty page asks whether the pipeline exists at all
            .compose(page -> page.cards() == 0 && query.pipelineId().isPresent()
                ? opportunities.requirePipeline(caller.orgId(), id, query.stageId()).map(page) : Future.succeededFuture(page)))
        .compose(page -> Responses.json(ctx, 200, page.body()))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    JsonObject body = OpportunityInput.CREATE.wrapped(ctx, "opportunity");
    Deal fields = OpportunityInput.fields(body, OpportunityInput.blank());
    OpportunityInput.Placement placement = OpportunityInput.placement(body);
    Optional<Idempotency.Key> key = Idempotency.Key.of(ctx.request().getHeader("Idempotency-Key"), JsonBody.canonical(ctx));
    opportunities.create(caller.orgId(), actor(caller), placement, fields, key)
        .compose(outcome -> withEtag(ctx, outcome.body()).compose(ignored -> Responses.json(ctx, outcome.status(), outcome.body())))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    opportunities.get(Principal.of(ctx).orgId(), ctx.pathParam("id"))
        .compose(body -> withEtag(ctx, body).compose(ignored -> Responses.json(ctx, 200, body)))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    OpportunityInput.Patch patch = OpportunityInput.patch(OpportunityInput.PATCH.wrapped(ctx, "opportunity"), ctx.request().getHeader("If-Match"));
    moves.update(caller.orgId(), actor(caller), ctx.pathParam("id"), patch)
        .compose(updated -> withEtag(ctx, updated).compose(ignored -> Responses.json(ctx, 200, updated)))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    moves.delete(Principal.of(ctx).orgId(), ctx.pathParam("id"))
        .compose(ignored -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void restore(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    trash.restore(caller.orgId(), actor(caller), ctx.pathParam("id"))
        .compose(restored -> withEtag(ctx, restored).compose(ignored -> Responses.json(ctx, 200, restored)))
        .onFailure(ctx::fail);
  }

  private void bulkMove(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    BulkMove.Request request = BulkMove.Request.parse(JsonBody.object(ctx));
    bulkMove.apply(caller.orgId(), actor(caller), request)
        .compose(result -> Responses.json(ctx, 200, result))
        .onFailure(ctx::fail);
  }

  private void reorder(RoutingContext ctx) {
    JsonObject body = REORDER.check(JsonBody.object(ctx), "");
    String rawStage = Fields.string(body, "pipeline_stage_id")
        .orElseThrow(() -> ApiError.invalidField("pipeline_stage_id", "pipeline_stage_id is required."));
    UUID stageId = Ids.parseUuid(rawStage).orElseThrow(Lookups::unknownStage);
    JsonArray raw = Fields.array(body, "ordered_ids")
        .orElseThrow(() -> ApiError.invalidField("ordered_ids", "ordered_ids is required: an array of opportunity ids."));
    if (raw.size() > Reorder.MAX_IDS) {
      throw ApiError.invalidField("ordered_ids", "At most " + Reorder.MAX_IDS + " ids per reorder.");
    }
    List<String> ids = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      if (!(raw.getValue(i) instanceof String id)) {
        throw Fields.wrongType("ordered_ids[" + i + "]", "a string");
      }
      ids.add(id);
    }
    reorder.apply(Principal.of(ctx).orgId(), stageId, ids)
        .compose(result -> Responses.json(ctx, 200, result))
        .onFailure(ctx::fail);
  }

  private void summary(RoutingContext ctx) {
    UUID pipelineId = PathIds.uuid(ctx, "id", "Pipeline");
    board.summary(Principal.of(ctx).orgId(), pipelineId, QueryParams.q(ctx))
        .compose(body -> Responses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private void history(RoutingContext ctx) {
    board.history(Principal.of(ctx).orgId(), ctx.pathParam("id"))
        .compose(entries -> Responses.json(ctx, 200, entries))
        .onFailure(ctx::fail);
  }

  private static Future<Void> withEtag(RoutingContext ctx, JsonObject opportunity) {
    ctx.response().putHeader("ETag", OpportunityJson.etag(opportunity));
    return Future.succeededFuture();
  }
}
