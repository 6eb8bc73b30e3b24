package io.drippulse.crm.worker.export;

import io.drippulse.crm.model.Money;
import io.drippulse.crm.model.bundle.BundleOpportunity;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Streams an organization's opportunities out of the snapshot with COPY ... TO STDOUT in PostgreSQL's
 * binary format, one stage at a time along the (org, stage, position) index. Unlike a cursor, which makes
 * the server wait for each fetch, COPY keeps rows flowing while this thread decodes them, and the binary
 * format costs neither side any text formatting or parsing.
 */
final class OpportunityCopy {

  /** 2000-01-01, PostgreSQL's epoch for dates and timestamps. */
  private static final long PG_EPOCH_SECONDS = 946_684_800L;
  private static final long PG_EPOCH_DAY = 10_957L;
  private static final int HEADER_BYTES = 19;

  private OpportunityCopy() {
  }

  /**
   * COPY takes no parameters, so the two ids are written into the statement; both are UUID values (their
   * text is hex and dashes only), never text from a request.
   */
  private static String copyOf(UUID orgId, UUID stageId) {
    return "COPY (SELECT id, public_id, name, pipeline_id, pipeline_stage_id, stage_position, amount::text, currency,"
        + " expected_close_date, owner_user_id, description, stage_entered_at, version, created_at, updated_at"
        + " FROM opportunities WHERE org_id = '" + orgId + "' AND pipeline_stage_id = '" + stageId + "'"
        + " ORDER BY stage_position) TO STDOUT (FORMAT binary)";
  }

  static void stream(Connection snapshot, UUID orgId, Consumer<BundleOpportunity> sink) throws SQLException {
    PGConnection pg = snapshot.unwrap(PGConnection.class);
    for (UUID stage : ExportRepository.stageIds(snapshot, orgId)) {
      CopyOut copy = pg.getCopyAPI().copyOut(copyOf(orgId, stage));
      try {
        boolean header = true;
        byte[] message;
        while ((message = copy.readFromCopy()) != null) {
          ByteBuffer data = ByteBuffer.wrap(message);
          if (header) {
            skipHeader(data);
            header = false;
          }
          while (data.hasRemaining() && data.getShort() != -1) {
            sink.accept(decode(data));
          }
        }
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    }
  }

  /** "PGCOPY\n\377\r\n\0", flags (int32), extension length (int32) and the extension. */
  private static void skipHeader(ByteBuffer data) {
    if (data.remaining() < HEADER_BYTES || data.get(0) != 'P' || data.get(5) != 'Y') {
      throw new IllegalStateException("COPY did not start with the binary format's header");
    }
    data.position(HEADER_BYTES + data.getInt(HEADER_BYTES - 4));
  }

  private static BundleOpportunity decode(ByteBuffer row) {
    UUID id = uuid(row);
    String publicId = text(row);
    String name = text(row);
    UUID pipelineId = uuid(row);
    UUID stageId = uuid(row);
    int position = int4(row);
    String amountText = text(row);
    String currency = text(row);
    BigDecimal amount = amountText == null ? null : new BigDecimal(amountText);
    return new BundleOpportunity(id, publicId, name, pipelineId, stageId, position, Money.format(amount, currency),
        currency, date(row), text(row), text(row), timestamp(row), int4(row), timestamp(row), timestamp(row));
  }

  private static int length(ByteBuffer row) {
    return row.getInt();
  }

  private static UUID uuid(ByteBuffer row) {
    return length(row) < 0 ? null : new UUID(row.getLong(), row.getLong());
  }

  private static String text(ByteBuffer row) {
    int length = length(row);
    if (length < 0) {
      return null;
    }
    String value = new String(row.array(), row.position(), length, StandardCharsets.UTF_8);
    row.position(row.position() + length);
    return value;
  }

  private static int int4(ByteBuffer row) {
    length(row);
    return row.getInt();
  }

  private static LocalDate date(ByteBuffer row) {
    return length(row) < 0 ? null : LocalDate.ofEpochDay(PG_EPOCH_DAY + row.getInt());
  }

  private static Instant timestamp(ByteBuffer row) {
    if (length(row) < 0) {
      return null;
    }
    long micros = row.getLong();
    if (micros == Long.MAX_VALUE || micros == Long.MIN_VALUE) {
      throw new IllegalStateException("an opportunity has an infinite timestamp, which a bundle cannot carry");
    }
    return Instant.ofEpochSecond(PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}
