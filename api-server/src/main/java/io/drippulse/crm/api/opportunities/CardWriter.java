package io.drippulse.crm.api.opportunities;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.drippulse.crm.model.Money;
import io.drippulse.crm.model.bundle.IsoTime;
import io.drippulse.crm.model.bundle.UuidText;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the cards of one list page into a generator, the same fields as {@link OpportunityJson#of}. A page
 * is the server's hottest path (PRODUCT.md §9.1 measures it against PostgreSQL's own cost), so it does per
 * page what need not be done per card: column indexes are resolved once from the page's columns, field
 * names are pre-encoded, and the values every card of a stage repeats (pipeline, stage id, name and kind)
 * are encoded once. Values that are ASCII by construction (UUIDs, timestamps, dates) are formatted without a
 * String and skip JSON escaping, with the helpers the worker's bundle export uses ({@link IsoTime},
 * {@link UuidText}).
 */
final class CardWriter {

  private static final SerializableString ID = name("id");
  private static final SerializableString PUBLIC_ID = name("public_id");
  private static final SerializableString NAME = name("name");
  private static final SerializableString PIPELINE_ID = name("pipeline_id");
  private static final SerializableString PIPELINE_STAGE_ID = name("pipeline_stage_id");
  private static final SerializableString STAGE = name("stage");
  private static final SerializableString KIND = name("kind");
  private static final SerializableString STAGE_POSITION = name("stage_position");
  private static final SerializableString AMOUNT = name("amount");
  private static final SerializableString CURRENCY = name("currency");
  private static final SerializableString EXPECTED_CLOSE_DATE = name("expected_close_date");
  private static final SerializableString OWNER_USER_ID = name("owner_user_id");
  private static final SerializableString DESCRIPTION = name("description");
  private static final SerializableString STATUS = name("status");
  private static final SerializableString STAGE_ENTERED_AT = name("stage_entered_at");
  private static final SerializableString DAYS_IN_STAGE = name("days_in_stage");
  private static final SerializableString IS_ROTTING = name("is_rotting");
  private static final SerializableString VERSION = name("version");
  private static final SerializableString CREATED_AT = name("created_at");
  private static final SerializableString UPDATED_AT = name("updated_at");

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

  /** Encoded ids of this page's pipeline and stages, and the stage names and kinds: a few entries per page. */
  private final Map<UUID, byte[]> ids = new HashMap<>();
  private final Map<String, SerializableString> texts = new HashMap<>();
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

  void write(JsonGenerator gen, Row row) throws IOException {
    String kind = row.getString(stageKind);
    SerializableString kindText = text(kind);
    byte[] stage = cachedId(row.getUUID(stageId));
    String currencyCode = row.getString(currency);
    Integer days = row.getInteger(daysInStage);
    gen.writeStartObject();
    gen.writeFieldName(ID);
    UUID card = row.getUUID(id);
    UuidText.format(card.getMostSignificantBits(), card.getLeastSignificantBits(), scratch);
    IsoTime.writeAscii(gen, scratch, UuidText.LENGTH);
    gen.writeFieldName(PUBLIC_ID);
    gen.writeString(row.getString(publicId));
    gen.writeFieldName(NAME);
    gen.writeString(row.getString(name));
    gen.writeFieldName(PIPELINE_ID);
    ascii(gen, cachedId(row.getUUID(pipelineId)));
    gen.writeFieldName(PIPELINE_STAGE_ID);
    ascii(gen, stage);
    gen.writeFieldName(STAGE);
    gen.writeStartObject();
    gen.writeFieldName(ID);
    ascii(gen, stage);
    gen.writeFieldName(NAME);
    gen.writeString(text(row.getString(stageName)));
    gen.writeFieldName(KIND);
    gen.writeString(kindText);
    gen.writeEndObject();
    gen.writeFieldName(STAGE_POSITION);
    gen.writeNumber(row.getInteger(stagePosition));
    gen.writeFieldName(AMOUNT);
    nullableString(gen, Money.format(row.getBigDecimal(amount), currencyCode));
    gen.writeFieldName(CURRENCY);
    gen.writeString(text(currencyCode));
    gen.writeFieldName(EXPECTED_CLOSE_DATE);
    LocalDate date = row.getLocalDate(expectedCloseDate);
    if (date == null) {
      gen.writeNull();
    } else {
      IsoTime.writeAscii(gen, scratch, IsoTime.formatDate(date.toEpochDay(), scratch));
    }
    gen.writeFieldName(OWNER_USER_ID);
    nullableString(gen, row.getString(ownerUserId));
    gen.writeFieldName(DESCRIPTION);
    nullableString(gen, row.getString(description));
    gen.writeFieldName(STATUS);
    gen.writeString(kindText);
    gen.writeFieldName(STAGE_ENTERED_AT);
    time(gen, row.getOffsetDateTime(stageEnteredAt));
    gen.writeFieldName(DAYS_IN_STAGE);
    if (days == null) {
      gen.writeNull();
    } else {
      gen.writeNumber(days);
    }
    gen.writeFieldName(IS_ROTTING);
    gen.writeBoolean(OpportunityJson.isRotting(kind, row.getInteger(stageRottingDays), days));
    gen.writeFieldName(VERSION);
    gen.writeNumber(row.getInteger(version));
    gen.writeFieldName(CREATED_AT);
    time(gen, row.getOffsetDateTime(createdAt));
    gen.writeFieldName(UPDATED_AT);
    time(gen, row.getOffsetDateTime(updatedAt));
    gen.writeEndObject();
  }

  private void time(JsonGenerator gen, OffsetDateTime time) throws IOException {
    if (time == null) {
      gen.writeNull();
      return;
    }
    if (!time.equals(lastTime)) {
      lastTime = time;
      lastTimeLength = IsoTime.format(time.toEpochSecond(), time.getNano(), lastTimeText);
    }
    IsoTime.writeAscii(gen, lastTimeText, lastTimeLength);
  }

  private byte[] cachedId(UUID uuid) {
    return ids.computeIfAbsent(uuid, key -> {
      byte[] text = new byte[UuidText.LENGTH];
      UuidText.format(key.getMostSignificantBits(), key.getLeastSignificantBits(), text);
      return text;
    });
  }

  private SerializableString text(String value) {
    return texts.computeIfAbsent(value, SerializedString::new);
  }

  private static void nullableString(JsonGenerator gen, String value) throws IOException {
    if (value == null) {
      gen.writeNull();
    } else {
      gen.writeString(value);
    }
  }

  /** A quoted value known to need no escaping (the bundle's helpers, shared with the worker's export). */
  private static void ascii(JsonGenerator gen, byte[] value) throws IOException {
    IsoTime.writeAscii(gen, value, value.length);
  }

  private static SerializableString name(String field) {
    return new SerializedString(field);
  }

  private static int column(List<String> columns, String column) {
    int index = columns.indexOf(column);
    if (index < 0) {
      throw new IllegalStateException("a card query lacks the column " + column);
    }
    return index;
  }
}
