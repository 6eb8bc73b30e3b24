package io.drippulse.crm.model.bundle;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * The field names of a bundle's opportunity record, encoded once, in the order
 * {@link BundleOpportunity}'s {@code @JsonPropertyOrder} declares, for the export's COPY encoder, which writes
 * the record straight from the database row (a {@code BundleOpportunity} itself is written by its annotations).
 */
public final class OpportunityFields {

  public static final SerializableString ID = new SerializedString("id");
  public static final SerializableString PUBLIC_ID = new SerializedString("public_id");
  public static final SerializableString NAME = new SerializedString("name");
  public static final SerializableString PIPELINE_ID = new SerializedString("pipeline_id");
  public static final SerializableString PIPELINE_STAGE_ID = new SerializedString("pipeline_stage_id");
  public static final SerializableString STAGE_POSITION = new SerializedString("stage_position");
  public static final SerializableString AMOUNT = new SerializedString("amount");
  public static final SerializableString CURRENCY = new SerializedString("currency");
  public static final SerializableString EXPECTED_CLOSE_DATE = new SerializedString("expected_close_date");
  public static final SerializableString OWNER_USER_ID = new SerializedString("owner_user_id");
  public static final SerializableString DESCRIPTION = new SerializedString("description");
  public static final SerializableString STAGE_ENTERED_AT = new SerializedString("stage_entered_at");
  public static final SerializableString VERSION = new SerializedString("version");
  public static final SerializableString CREATED_AT = new SerializedString("created_at");
  public static final SerializableString UPDATED_AT = new SerializedString("updated_at");

  private OpportunityFields() {
  }
}
