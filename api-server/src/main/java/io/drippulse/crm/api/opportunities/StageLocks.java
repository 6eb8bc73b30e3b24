package io.drippulse.crm.api.opportunities;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The stage locks, in the one order every writer of the service takes them (ascending stage id; pipeline
 * edits and imports follow it too), so lockers never deadlock. A writer of ranks or totals holds the stage
 * rows {@code FOR UPDATE}; a field edit holds its stage {@code FOR SHARE}. Every read of ranks and totals
 * runs in a later statement than the lock, so it sees what the previous holder committed.
 */
final class StageLocks {

  private StageLocks() {
  }

  /** A locked stage: its pipeline and name, read under the lock. */
  record Locked(UUID id, UUID pipelineId, String name) {
  }

  /** Locks one or two stages (a == b for one); a stage that vanished meanwhile is a 422 unknown_stage. */
  static Future<Map<UUID, Locked>> exclusive(SqlConnection conn, UUID orgId, UUID a, UUID b) {
    return exclusive(conn, orgId, List.of(a, b));
  }

  /** Locks any number of stages (a bulk move's sources and target), in the same order; one missing is a 422. */
  static Future<Map<UUID, Locked>> exclusive(SqlConnection conn, UUID orgId, Collection<UUID> stageIds) {
    UUID[] ids = new LinkedHashSet<>(stageIds).toArray(UUID[]::new);
    return conn.preparedQuery(OpportunitySql.LOCK_STAGES).execute(Tuple.of(orgId).addValue(ids)).map(rows -> {
      if (rows.size() != ids.length) {
        throw Lookups.unknownStage();
      }
      Map<UUID, Locked> locked = new LinkedHashMap<>();
      for (Row row : rows) {
        locked.put(row.getUUID("id"), new Locked(row.getUUID("id"), row.getUUID("pipeline_id"), row.getString("name")));
      }
      return locked;
    });
  }

  static Future<Locked> exclusive(SqlConnection conn, UUID orgId, UUID stageId) {
    return exclusive(conn, orgId, stageId, stageId).map(locked -> locked.get(stageId));
  }

  /** Share mode for field edits; false when the stage is gone (the card left it, so the edit starts over). */
  static Future<Boolean> shared(SqlConnection conn, UUID orgId, UUID stageId) {
    return conn.preparedQuery(OpportunitySql.SHARE_STAGE).execute(Tuple.of(orgId, stageId)).map(rows -> rows.size() > 0);
  }
}
