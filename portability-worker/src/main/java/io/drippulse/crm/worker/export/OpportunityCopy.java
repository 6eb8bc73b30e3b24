package io.drippulse.crm.worker.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.drippulse.crm.worker.BinaryCopyFormat;
import io.drippulse.crm.worker.export.ExportRepository.StageRanks;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Streams an organization's opportunities out of the snapshot with one {@code COPY ... TO STDOUT} in
 * PostgreSQL's binary format, and writes them as bundle JSON on the reading thread, a page at a time. Unlike
 * a cursor, which makes the server wait for each fetch, COPY keeps rows flowing while this thread encodes
 * them; the binary format costs neither side any text formatting or parsing; and encoding here, rather than
 * on the step's thread, leaves that thread only the writing of finished pages.
 */
final class OpportunityCopy implements RowSource<JsonPage> {

  /** Pages stay well under G1's humongous-object size (half a region: 512 KB at a 256 MB heap). */
  static final int PAGE_BYTES = 128 * 1024;

  static final String COLUMNS = "o.id, o.public_id, o.name, o.pipeline_id, o.pipeline_stage_id, r.rank,"
      + " o.amount::text, o.currency, o.expected_close_date, o.owner_user_id, o.description, o.stage_entered_at,"
      + " o.version, o.created_at, o.updated_at";

  private final JsonFactory json;

  OpportunityCopy(JsonFactory json) {
    this.json = json;
  }

  /**
   * Board order (stage by stage, as {@link ExportRepository#stageRanks} lists them, each stage's cards by
   * rank; {@link CopyRowEncoder} turns ranks into the bundle's dense positions) from one scan of the org's
   * cards and one of their ranks, hash-joined, and one sort, rather than an index scan per stage: that
   * visits every heap page once per stage, and cost more than the sort. The stages join the ranks' own
   * stage, the one their low and high came from, so every key stays within its stage's span. The stages
   * come in as a VALUES list, which keeps the plan parallel-safe (PostgreSQL sorts in parallel workers and
   * merges in order). The sort key is one bigint ({@link BoardKeys}), markedly faster to sort on than
   * (stage ordinal, rank); only ranks too far apart to pack into one bigint fall back to the two keys.
   * Measured in docs/performance.md. COPY takes no parameters, so the values are written into the
   * statement: UUIDs (hex and dashes) and numbers, never text from a request.
   */
  static String copyOf(UUID orgId, List<StageRanks> stages) {
    long[] bases = BoardKeys.bases(stages);
    if (bases != null) {
      return copy(orgId, board(stages, bases), "r.rank - board.low + board.base");
    }
    // ranks too far apart for one key: each stage's ordinal as its base, then the rank
    return copy(orgId, board(stages, LongStream.range(0, stages.size()).toArray()), "board.base, r.rank");
  }

  private static String board(List<StageRanks> stages, long[] bases) {
    StringJoiner board = new StringJoiner(", ", "(VALUES ", ") AS board (id, low, base)");
    for (int i = 0; i < stages.size(); i++) {
      // numbers quoted: -9223372036854775808::bigint would cast before negating, and overflow
      board.add("('" + stages.get(i).id() + "'::uuid, '" + stages.get(i).low() + "'::bigint, '" + bases[i] + "'::bigint)");
    }
    return board.toString();
  }

  private static String copy(UUID orgId, String board, String order) {
    return "COPY (SELECT " + COLUMNS + " FROM opportunities o"
        + " JOIN opportunity_ranks r ON r.org_id = o.org_id AND r.id = o.id"
        + " JOIN " + board + " ON board.id = r.pipeline_stage_id"
        + " WHERE o.org_id = '" + orgId + "' ORDER BY " + order + ") TO STDOUT (FORMAT binary)";
  }

  @Override
  public void stream(Connection snapshot, UUID orgId, Consumer<JsonPage> sink) throws SQLException, IOException {
    List<StageRanks> stages = ExportRepository.stageRanks(snapshot, orgId);
    if (stages.isEmpty()) {
      return; // no stage holds a card
    }
    CopyRowEncoder encoder = new CopyRowEncoder();
    PageBuffer page = new PageBuffer(new JsonPage.Pool());
    // one generator for the whole section: its records are root values, so it puts the commas between them
    JsonGenerator gen = json.createGenerator(page);
    gen.setRootValueSeparator(new SerializedString(","));
    CopyOut copy = snapshot.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOf(orgId, stages));
    try {
      int rows = 0;
      boolean first = true;
      for (byte[] message; (message = copy.readFromCopy()) != null; first = false) {
        // PostgreSQL sends a row per message, but the protocol does not promise it: walk the message
        for (int at = first ? BinaryCopyFormat.firstRow(message) : 0; at < message.length; ) {
          if (message[at] == (byte) 0xFF && message[at + 1] == (byte) 0xFF) {
            at += 2; // the trailer, a field count of -1
            continue;
          }
          at = encoder.write(message, at, gen);
          rows++;
          if (page.size() + gen.getOutputBuffered() >= PAGE_BYTES) {
            gen.flush();
            sink.accept(page.take(rows));
            rows = 0;
          }
        }
      }
      gen.flush();
      if (rows > 0) {
        sink.accept(page.take(rows));
      }
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /** The bytes of the page being written; handed over whole, and a free buffer taken for the next. */
  private static final class PageBuffer extends OutputStream {
    private static final int CAPACITY = PAGE_BYTES + PAGE_BYTES / 4;
    private final JsonPage.Pool pool;
    private byte[] bytes;
    private int size;

    PageBuffer(JsonPage.Pool pool) {
      this.pool = pool;
      this.bytes = pool.take(CAPACITY);
    }

    int size() {
      return size;
    }

    JsonPage take(int rows) {
      JsonPage taken = new JsonPage(bytes, size, rows, pool);
      bytes = pool.take(CAPACITY);
      size = 0;
      return taken;
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }
}
