package io.drippulse.crm.api.opportunities;

import static io.drippulse.crm.api.http.JsonBytes.fragment;

import io.drippulse.crm.api.http.JsonBytes;
import io.drippulse.crm.model.Money;
import io.drippulse.crm.model.bundle.IsoTime;
import io.drippulse.crm.model.bundle.UuidText;
import io.vertx.sqlclient.Row;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the cards of one list page as JSON bytes, the same fields, in the same order and escaped the same
 * way as {@link OpportunityJson#of} ({@code CardWriterTest} holds it to that, byte for byte). A page is the
 * server's hottest path (PRODUCT.md §9.1 measures it against PostgreSQL's own cost), so it does per page what
 * need not be done per card: column indexes are resolved once from the page's columns, field names and
 * punctuation are pre-encoded fragments, and what every card of a stage repeats (from its pipeline id to
 * {@code "stage_position":}, and its status) is encoded once per stage. Values that are ASCII by construction
 * (UUIDs, timestamps, dates) are formatted without a String, with the helpers the worker's bundle export uses
 * ({@link IsoTime}, {@link UuidText}).
 */
final class CardWriter {

  private static final byte[] ID = fragment("{\"id\":");
  private static final byte[] PUBLIC_ID = fragment(",\"public_id\":");
  private static final byte[] NAME = fragment(",\"name\":");
  private static final byte[] AMOUNT = fragment(",\"amount\":");
  private static final byte[] CURRENCY = fragment(",\"currency\":");
  private static final byte[] EXPECTED_CLOSE_DATE = fragment(",\"expected_close_date\":");
  private static final byte[] OWNER_USER_ID = fragment(",\"owner_user_id\":");
  private static final byte[] DESCRIPTION = fragment(",\"description\":");
  private static final byte[] DAYS_IN_STAGE = fragment(",\"days_in_stage\":");
  private static final byte[] IS_ROTTING = fragment(",\"is_rotting\":");
  private static final byte[] VERSION = fragment(",\"version\":");
  private static final byte[] CREATED_AT = fragment(",\"created_at\":");
  private static final byte[] UPDATED_AT = fragment(",\"updated_at\":");
  private static final byte[] END = fragment("}");
  // a stage's part, encoded once per stage and page (stageText)
  private static final byte[] PIPELINE_ID = fragment(",\"pipeline_id\":");
  private static final byte[] PIPELINE_STAGE_ID = fragment(",\"pipeline_stage_id\":");
  private static final byte[] STAGE = fragment(",\"stage\":{\"id\":");
  private static final byte[] KIND = fragment(",\"kind\":");
  private static final byte[] STAGE_POSITION = fragment("},\"stage_position\":");
  private static final byte[] STATUS = fragment(",\"status\":");
  private static final byte[] STAGE_ENTERED_AT = fragment(",\"stage_entered_at\":");

  /** A stage's part of its cards: from the pipeline id to {@code "stage_position":}, and the status field. */
  private record StageText(byte[] placement, byte[] status, String kind, Integer rottingDays) {
  }

  private final int id;
  private final int publicId;
  private final int name;
  private final int pipelineId;
  private final int stageId;
  private final int stagePosition;
  private final int amount;
  private final int currency;
  private final int expectedCloseDate;
  private final int ownerUserId;
  private final int description;
  private final int stageEnteredAt;
  private final int daysInStage;
  private final int version;
  private final int createdAt;
  private final int updatedAt;
  private final int stageName;
  private final int stageKind;
  private final int stageRottingDays;

  /** A page holds a few stages and currencies: one entry each. */
  private final Map<UUID, StageText> stages = new HashMap<>();
  private final Map<String, Integer> fractionDigits = new HashMap<>();
  /** The last timestamp written: a card's three often coincide (a card that never moved or changed). */
  private OffsetDateTime lastTime;
  private final byte[] lastTimeText = new byte[40];
  private int lastTimeLength;
  private final byte[] scratch = new byte[40];

  /** For rows with these columns (those of {@link OpportunitySql}'s card queries). */
  CardWriter(List<String> columns) {
    id = column(columns, "id");
    publicId = column(columns, "public_id");
    name = column(columns, "name");
    pipelineId = column(columns, "pipeline_id");
    stageId = column(columns, "pipeline_stage_id");
    stagePosition = column(columns, "stage_position");
    amount = column(columns, "amount");
    currency = column(columns, "currency");
    expectedCloseDate = column(columns, "expected_close_date");
    ownerUserId = column(columns, "owner_user_id");
    description = column(columns, "description");
    stageEnteredAt = column(columns, "stage_entered_at");
    daysInStage = column(columns, "days_in_stage");
    version = column(columns, "version");
    createdAt = column(columns, "created_at");
    updatedAt = column(columns, "updated_at");
    stageName = column(columns, "stage_name");
    stageKind = column(columns, "stage_kind");
    stageRottingDays = column(columns, "stage_rotting_days");
  }

  void write(JsonBytes out, Row row) {
    StageText stage = stages.computeIfAbsent(row.getUUID(stageId), key -> stageText(row, key));
    String currencyCode = row.getString(currency);
    Integer days = row.getInteger(daysInStage);
    out.raw(ID);
    uuid(out, row.getUUID(id));
    out.raw(PUBLIC_ID).string(row.getString(publicId));
    out.raw(NAME).string(row.getString(name));
    out.raw(stage.placement()).number(row.getInteger(stagePosition));
    out.raw(AMOUNT).string(Money.format(row.getBigDecimal(amount),
        fractionDigits.computeIfAbsent(currencyCode, Money::fractionDigits)));
    out.raw(CURRENCY).string(currencyCode);
    out.raw(EXPECTED_CLOSE_DATE);
    LocalDate date = row.getLocalDate(expectedCloseDate);
    if (date == null) {
      out.nullValue();
    } else {
      out.quotedAscii(scratch, 0, IsoTime.formatDate(date.toEpochDay(), scratch));
    }
    out.raw(OWNER_USER_ID).string(row.getString(ownerUserId));
    out.raw(DESCRIPTION).string(row.getString(description));
    out.raw(stage.status());
    time(out, row.getOffsetDateTime(stageEnteredAt));
    out.raw(DAYS_IN_STAGE).number(days);
    out.raw(IS_ROTTING).bool(OpportunityJson.isRotting(stage.kind(), stage.rottingDays(), days));
    out.raw(VERSION).number(row.getInteger(version));
    out.raw(CREATED_AT);
    time(out, row.getOffsetDateTime(createdAt));
    out.raw(UPDATED_AT);
    time(out, row.getOffsetDateTime(updatedAt));
    out.raw(END);
  }

  /** The stage's repeated part, from its first card (a card's pipeline is its stage's, §6). */
  private StageText stageText(Row row, UUID stage) {
    String kind = row.getString(stageKind);
    JsonBytes placement = new JsonBytes(256).raw(PIPELINE_ID);
    uuid(placement, row.getUUID(pipelineId));
    placement.raw(PIPELINE_STAGE_ID);
    uuid(placement, stage);
    placement.raw(STAGE);
    uuid(placement, stage);
    placement.raw(NAME).string(row.getString(stageName)).raw(KIND).string(kind).raw(STAGE_POSITION);
    byte[] status = new JsonBytes(64).raw(STATUS).string(kind).raw(STAGE_ENTERED_AT).toBytes();
    return new StageText(placement.toBytes(), status, kind, row.getInteger(stageRottingDays));
  }

  private void uuid(JsonBytes out, UUID value) {
    UuidText.format(value.getMostSignificantBits(), value.getLeastSignificantBits(), scratch);
    out.quotedAscii(scratch, 0, UuidText.LENGTH);
  }

  private void time(JsonBytes out, OffsetDateTime time) {
    if (time == null) {
      out.nullValue();
      return;
    }
    if (!time.equals(lastTime)) {
      lastTime = time;
      lastTimeLength = IsoTime.format(time.toEpochSecond(), time.getNano(), lastTimeText);
    }
    out.quotedAscii(lastTimeText, 0, lastTimeLength);
  }

  private static int column(List<String> columns, String column) {
    int index = columns.indexOf(column);
    if (index < 0) {
      throw new IllegalStateException("a card query lacks the column " + column);
    }
    return index;
  }
}
