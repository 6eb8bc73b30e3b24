package io.drippulse.crm.api.pipelines;

import io.drippulse.crm.api.auth.Principal;
import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.Fields;
import io.drippulse.crm.api.http.KnownFields;
import io.drippulse.crm.api.http.PathIds;
import io.drippulse.crm.api.http.Responses;
import io.drippulse.crm.model.Names;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.UUID;

/** {@code /api/v1/crm/opportunity_pipelines} (PRODUCT.md §5). */
public final class PipelineRoutes {

  private static final String BASE = "/crm/opportunity_pipelines";
  private static final KnownFields CREATE = KnownFields.of("name");
  private static final KnownFields UPDATE = KnownFields.of("name", "stages", "reassign");

  private final PipelineRepository pipelines;

  public PipelineRoutes(PipelineRepository pipelines) {
    this.pipelines = pipelines;
  }

  public void mount(Router api) {
    api.get(BASE).handler(this::list);
    api.post(BASE).handler(this::create);
    api.get(BASE + "/:id").handler(this::get);
    api.patch(BASE + "/:id").handler(this::update);
    api.delete(BASE + "/:id").handler(this::delete);
    api.post(BASE + "/:id/set_default").handler(this::setDefault);
  }

  private void list(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    pipelines.defaultFor(caller.orgId(), caller.userId())
        .compose(defaultId -> pipelines.list(caller.orgId()).map(all -> new JsonObject()
            .put("pipelines", all)
            .put("default_pipeline_id", defaultId.toString())))
        .compose(body -> Responses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    UUID id = PathIds.uuid(ctx, "id", "Pipeline");
    pipelines.get(Principal.of(ctx).orgId(), id)
        .compose(body -> Responses.json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    String userId = caller.requireUser();
    String name = requiredName(CREATE.wrapped(ctx, "pipeline"));
    pipelines.cloneDefault(caller.orgId(), userId, name)
        .compose(id -> pipelines.get(caller.orgId(), id))
        .compose(body -> Responses.json(ctx, 201, body))
        .onFailure(ctx::fail);
  }

  /** Who may edit comes before what they sent: a non-owner learns nothing from a 422 about the body. */
  private void update(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    UUID id = PathIds.uuid(ctx, "id", "Pipeline");
    Editor editor = Editor.of(caller);
    pipelines.checkEditable(caller.orgId(), id, editor)
        .compose(owned -> {
          JsonObject body = UPDATE.wrapped(ctx, "pipeline");
          Optional<String> name = Fields.string(body, "name").map(raw -> requiredName(body));
          Optional<JsonArray> stages = Fields.array(body, "stages");
          Optional<Reassign> reassign = Reassign.parse(body);
          return pipelines.update(caller.orgId(), id, editor, name, stages, reassign);
        })
        .compose(ignored -> pipelines.get(caller.orgId(), id))
        .compose(updated -> Responses.json(ctx, 200, updated))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    UUID id = PathIds.uuid(ctx, "id", "Pipeline");
    pipelines.delete(caller.orgId(), id, Editor.of(caller))
        .compose(ignored -> Responses.noContent(ctx))
        .onFailure(ctx::fail);
  }

  private void setDefault(RoutingContext ctx) {
    Principal caller = Principal.of(ctx);
    String userId = caller.requireUser();
    UUID id = PathIds.uuid(ctx, "id", "Pipeline");
    pipelines.setPreferred(caller.orgId(), userId, id)
        .compose(chosen -> Responses.json(ctx, 200, new JsonObject().put("default_pipeline_id", chosen.toString())))
        .onFailure(ctx::fail);
  }

  private static String requiredName(JsonObject body) {
    return Fields.string(body, "name").flatMap(Names::clean)
        .orElseThrow(() -> ApiError.invalidField("name", "Name must be 1 to 200 characters."));
  }

}
