package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.model.Ids;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/**
 * The lookups every opportunity write starts from: a card by either id, a stage, a pipeline's first or
 * unassigned stage. Each runs on whichever client it is given: the pool before a transaction, or the
 * transaction's connection inside one. Another org's ids answer exactly as ids that do not exist.
 */
final class Lookups {

  /** By public id ({@code opp_…}) or UUID; anything else, or another org's record, is a 404. */
  Future<Row> card(SqlClient client, UUID orgId, String idOrPublicId) {
    return card(client, orgId, idOrPublicId, OpportunitySql.BY_ID, OpportunitySql.BY_PUBLIC_ID);
  }

  /** {@link #card(SqlClient, UUID, String)} without {@code stage_position}: what a write starts from. */
  Future<Row> unplacedCard(SqlClient client, UUID orgId, String idOrPublicId) {
    return card(client, orgId, idOrPublicId, OpportunitySql.BY_ID_UNPLACED, OpportunitySql.BY_PUBLIC_ID_UNPLACED);
  }

  private static Future<Row> card(SqlClient client, UUID orgId, String idOrPublicId, String byId, String byPublicId) {
    Future<RowSet<Row>> rows;
    if (Ids.isPublicId(idOrPublicId)) {
      rows = client.preparedQuery(byPublicId).execute(Tuple.of(orgId, idOrPublicId));
    } else {
      Optional<UUID> id = Ids.parseUuid(idOrPublicId);
      if (id.isEmpty()) {
        return Future.failedFuture(ApiError.notFound("Opportunity"));
      }
      rows = client.preparedQuery(byId).execute(Tuple.of(orgId, id.get()));
    }
    return rows.map(set -> {
      if (set.size() == 0) {
        throw ApiError.notFound("Opportunity");
      }
      return set.iterator().next();
    });
  }

  Future<Row> card(SqlClient client, UUID orgId, UUID id) {
    return card(client, orgId, id.toString());
  }

  /** A stage of this org (422 otherwise) that, when a pipeline is named too, belongs to it. */
  Future<UUID> stage(SqlClient client, UUID orgId, UUID stageId, Optional<UUID> pipelineId) {
    return client.preparedQuery(OpportunitySql.STAGE_IN_ORG).execute(Tuple.of(orgId, stageId)).map(rows -> {
      if (rows.size() == 0) {
        throw unknownStage();
      }
      UUID actual = rows.iterator().next().getUUID("pipeline_id");
      if (pipelineId.isPresent() && !pipelineId.get().equals(actual)) {
        throw stageNotInPipeline();
      }
      return stageId;
    });
  }

  Future<UUID> firstStage(SqlClient client, UUID orgId, UUID pipelineId) {
    return client.preparedQuery(OpportunitySql.FIRST_STAGE).execute(Tuple.of(orgId, pipelineId)).map(rows -> {
      if (rows.size() == 0) {
        throw unknownPipeline();
      }
      return rows.iterator().next().getUUID("id");
    });
  }

  Future<UUID> unassignedStage(SqlClient client, UUID orgId, UUID pipelineId) {
    return client.preparedQuery(OpportunitySql.UNASSIGNED_STAGE).execute(Tuple.of(orgId, pipelineId))
        .map(rows -> rows.iterator().next().getUUID("id"));
  }

  /** The pipeline of a stage named by a list query; a stage that does not exist is a 404 there. */
  Future<UUID> pipelineOfStage(SqlClient client, UUID orgId, UUID stageId) {
    return client.preparedQuery(OpportunitySql.STAGE_IN_ORG).execute(Tuple.of(orgId, stageId)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiError.notFound("Stage");
      }
      return rows.iterator().next().getUUID("pipeline_id");
    });
  }

  static ApiError unknownStage() {
    return ApiError.invalidField("pipeline_stage_id", "No such stage in your organization.").withCode("unknown_stage");
  }

  static ApiError unknownPipeline() {
    return ApiError.invalidField("pipeline_id", "No such pipeline in your organization.").withCode("unknown_pipeline");
  }

  static ApiError stageNotInPipeline() {
    return ApiError.invalidField("pipeline_stage_id", "The stage does not belong to the given pipeline.")
        .withCode("stage_not_in_pipeline");
  }
}
