package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.api.http.ApiError;
import io.drippulse.crm.api.http.Fields;
import io.drippulse.crm.api.http.KnownFields;
import io.drippulse.crm.model.Ids;
import io.drippulse.crm.model.Money;
import io.drippulse.crm.model.Names;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * Validates an {@code {"opportunity": {...}}} body against the current values (none for a create).
 * Wrong JSON types are 400; well-typed but invalid values are 422 naming the field.
 */
final class OpportunityInput {

  private static final int MAX_DESCRIPTION = 10_000;
  private static final int MAX_OWNER = 255;

  /** What a create may carry. */
  static final KnownFields CREATE = KnownFields.of("name", "amount", "currency", "expected_close_date", "owner_user_id",
      "description", "pipeline_id", "pipeline_stage_id");

  /**
   * What a PATCH may carry: the create's fields, the placement index and the version precondition, and the
   * read-only fields of the opportunity JSON, so a client can send a card back as it read it (they are
   * ignored; none of them is a typo of a writable field).
   */
  static final KnownFields PATCH = CREATE.and("stage_position", "version", "id", "public_id", "stage", "status",
      "stage_entered_at", "created_at", "updated_at", "days_in_stage", "is_rotting");

  private OpportunityInput() {
  }

  /**
   * Where the caller asked the card to go, with its ids parsed here: an id that is not a UUID names no stage
   * or pipeline of the org, so it is refused before anything is read.
   */
  record Placement(Optional<UUID> pipelineId, Optional<UUID> stageId, Optional<Integer> position) {

    boolean namesStageOrPipeline() {
      return stageId.isPresent() || pipelineId.isPresent();
    }
  }

  /** A PATCH: its body (merged into the card once read), where it sends the card, and its preconditions. */
  record Patch(JsonObject body, Placement placement, Optional<Integer> expectedVersion, Optional<IfMatch> ifMatch) {
  }

  static Patch patch(JsonObject body, String ifMatchHeader) {
    return new Patch(body, placement(body), expectedVersion(body), IfMatch.parse(ifMatchHeader));
  }

  static Placement placement(JsonObject body) {
    Optional<Integer> position = Fields.position(body, "stage_position");
    Optional<String> rawStage = Fields.string(body, "pipeline_stage_id");
    Optional<String> rawPipeline = Fields.string(body, "pipeline_id");
    Optional<UUID> stageId = rawStage.map(raw -> Ids.parseUuid(raw).orElseThrow(Lookups::unknownStage));
    Optional<UUID> pipelineId = rawPipeline.map(raw -> Ids.parseUuid(raw)
        .orElseThrow(stageId.isPresent() ? Lookups::stageNotInPipeline : Lookups::unknownPipeline));
    return new Placement(pipelineId, stageId, position);
  }

  /** {@code version} in a PATCH body is a precondition like If-Match, answered with 409 when stale. */
  static Optional<Integer> expectedVersion(JsonObject body) {
    return Fields.integer(body, "version");
  }

  /** The fields after applying the body to {@code current} (a blank deal for creates). */
  static Deal fields(JsonObject body, Deal current) {
    String name = current.name();
    if (body.containsKey("name") || current.name() == null) {
      name = Fields.string(body, "name").flatMap(Names::clean)
          .orElseThrow(() -> ApiError.invalidField("name", "Name is required: 1 to 200 characters."));
    }
    String currency = current.currency() == null ? Money.DEFAULT_CURRENCY : current.currency();
    if (body.containsKey("currency")) {
      currency = Fields.string(body, "currency").flatMap(Money::currency)
          .orElseThrow(() -> ApiError.invalidField("currency", "Currency must be an ISO 4217 code such as USD or EUR."));
    }
    BigDecimal amount = amount(body, current.amount(), currency);
    LocalDate close = body.containsKey("expected_close_date") ? date(body) : current.expectedCloseDate();
    String owner = body.containsKey("owner_user_id") ? bounded(body, "owner_user_id", MAX_OWNER) : current.ownerUserId();
    String description = body.containsKey("description") ? bounded(body, "description", MAX_DESCRIPTION) : current.description();
    return new Deal(current.id(), current.pipelineId(), current.stageId(), current.rank(), current.version(),
        name, amount, currency, close, owner, description);
  }

  static Deal blank() {
    return new Deal(null, null, null, 0, 0, null, null, null, null, null, null);
  }

  /** The amount is re-checked against the final currency, so a change to JPY cannot keep cents. */
  private static BigDecimal amount(JsonObject body, BigDecimal current, String currency) {
    if (body.containsKey("amount") && body.getValue("amount") == null) {
      return null;
    }
    Optional<String> text = body.containsKey("amount") ? Fields.numberOrString(body, "amount")
        : Optional.ofNullable(current).map(BigDecimal::toPlainString);
    if (text.isEmpty()) {
      return null;
    }
    return Money.parseAmount(text.get(), currency).orElseThrow(() -> ApiError.invalidField("amount",
        "Amount must be a non-negative decimal with at most " + Money.fractionDigits(currency)
            + " decimal places for " + currency + "."));
  }

  private static LocalDate date(JsonObject body) {
    Optional<String> raw = Fields.string(body, "expected_close_date");
    if (raw.isEmpty()) {
      return null;
    }
    try {
      if (!raw.get().matches("^\\d{4}-\\d{2}-\\d{2}$")) {
        throw new DateTimeParseException("not YYYY-MM-DD", raw.get(), 0);
      }
      return LocalDate.parse(raw.get());
    } catch (DateTimeParseException e) {
      throw ApiError.invalidField("expected_close_date", "expected_close_date must be a date as YYYY-MM-DD.");
    }
  }

  private static String bounded(JsonObject body, String field, int max) {
    Optional<String> value = Fields.string(body, field).map(String::strip);
    if (value.isPresent() && value.get().length() > max) {
      throw ApiError.invalidField(field, field + " must be at most " + max + " characters.");
    }
    return value.filter(v -> !v.isEmpty()).orElse(null);
  }
}
