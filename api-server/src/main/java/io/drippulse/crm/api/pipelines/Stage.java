package io.drippulse.crm.api.pipelines;

import io.drippulse.crm.model.StageKind;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** A stage row as the pipeline routes read and write it; {@code rottingDays} null when the stage never rots. */
public record Stage(UUID id, String name, int position, int probability, StageKind kind, boolean unassigned,
                    Integer rottingDays) {

  static final String COLUMNS = "id, name, position, probability, kind, is_unassigned, rotting_days";

  static Stage from(Row row) {
    return new Stage(row.getUUID("id"), row.getString("name"), row.getInteger("position"),
        row.getInteger("probability"), StageKind.fromWire(row.getString("kind")).orElseThrow(), row.getBoolean("is_unassigned"),
        row.getInteger("rotting_days"));
  }

  Stage at(int newPosition) {
    return new Stage(id, name, newPosition, probability, kind, unassigned, rottingDays);
  }
}
