import java.lang.reflect.Field;

/**
 * Prints a pgbench script of the api-server's own statements for one move between the two big stages, in the
 * groups the server sends them (Moves.moveAtOnce, SentTogether): the card's read outside the transaction;
 * then BEGIN, the stage locks, the card's lock, its new place (rank chosen by crm_rank_at), the totals, the
 * history row and the read-back with its position, pipelined; then the event and COMMIT, pipelined. The
 * statements are the server's constants, read from the jar, with pgbench variables for their parameters; the
 * field values and the event body are fixed stand-ins of a card's size. So bench/board.sh can set the server
 * beside its own SQL, not only beside the least a move must do.
 * usage: java -cp api-server/target/api-server.jar bench/MoveSql.java
 *        then pgbench -M prepared -D org=<uuid> -D a=<stage uuid> -D b=<stage uuid> -D pa=<pipeline> -D user=<id>
 */
public class MoveSql {

  private static final String CARD = "md5(:org || CASE :k::int WHEN 0 THEN 'big-a' ELSE 'big-b' END || :i::int)::uuid";
  private static final String FROM = "(CASE :k::int WHEN 0 THEN :a::uuid ELSE :b::uuid END)";
  private static final String TO = "(CASE :k::int WHEN 0 THEN :b::uuid ELSE :a::uuid END)";
  /** The event body, passed base64-encoded: pgbench would read the JSON's colons as its variables. */
  private static final String BODY_JSON = "{\"opportunity\":{\"id\":\"9a1c0f3e-1d2b-4c5d-8e7f-0123456789ab\",\"public_id\":\"opp_0123456789ab\","
      + "\"name\":\"Bench deal\",\"pipeline_id\":\"9a1c0f3e-1d2b-4c5d-8e7f-0123456789ab\",\"pipeline_stage_id\":"
      + "\"9a1c0f3e-1d2b-4c5d-8e7f-0123456789ab\",\"stage\":{\"id\":\"9a1c0f3e-1d2b-4c5d-8e7f-0123456789ab\",\"name\":\"Big B\","
      + "\"kind\":\"open\"},\"stage_position\":7,\"amount\":\"100.00\",\"currency\":\"USD\",\"expected_close_date\":null,"
      + "\"owner_user_id\":null,\"description\":null,\"status\":\"open\",\"stage_entered_at\":\"2026-12-01T19:00:00.123456Z\","
      + "\"days_in_stage\":0,\"is_rotting\":false,\"version\":3,\"created_at\":\"2026-12-01T19:00:00.123456Z\","
      + "\"updated_at\":\"2026-12-01T19:00:00.123456Z\"},\"from_stage_id\":\"9a1c0f3e-1d2b-4c5d-8e7f-0123456789ab\"}";
  private static final String BODY = "convert_from(decode('"
      + java.util.Base64.getEncoder().encodeToString(BODY_JSON.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "', 'base64'), 'UTF8')";

  public static void main(String[] args) throws Exception {
    String sql = "io.drippulse.crm.api.opportunities.OpportunitySql";
    StringBuilder out = new StringBuilder("\\set i random(0, 19999)\n\\set k random(0, 1)\n\\set pos random(0, 50)\n");
    out.append(bind(read(sql, "BY_ID_UNPLACED"), ":org", CARD)).append(";\n");
    out.append("\\startpipeline\nBEGIN;\n");
    out.append(bind(read(sql, "LOCK_STAGES"), ":org", "ARRAY[:a::uuid, :b::uuid]")).append(";\n");
    out.append(bind(read(sql, "LOCK_OPPORTUNITY"), ":org", CARD)).append(";\n");
    out.append(bind(read(sql, "PLACE_RANKED"), ":org", CARD, TO, ":pos::int", "'Bench deal'", "100", "'USD'", "NULL::date",
        "NULL::text", "NULL::text")).append(";\n");
    out.append(bind(read(sql, "TOTALS_ADD"), ":org", "ARRAY[" + FROM + ", " + TO + "]", "ARRAY['USD', 'USD']", "ARRAY[-1, 1]::bigint[]",
        "ARRAY[-1, 1]::bigint[]", "ARRAY['-100', '100']")).append(";\n");
    out.append(bind(read(sql, "RECORD_TRANSITION"), ":org", CARD, FROM, TO, ":user")).append(";\n");
    out.append(bind(read(sql, "BY_ID"), ":org", CARD)).append(";\n");
    out.append("\\endpipeline\n\\startpipeline\n");
    out.append(bind(read("io.drippulse.crm.api.events.EventsSql", "RECORD_FOR_EACH"), ":org", "ARRAY[:pa::uuid]", "'opportunity.moved'",
        BODY)).append(";\n");
    out.append("COMMIT;\n\\endpipeline\n");
    System.out.print(out);
  }

  private static String read(String type, String name) throws Exception {
    Field field = Class.forName(type).getDeclaredField(name);
    field.setAccessible(true);
    return ((String) field.get(null)).replace('\n', ' ');
  }

  /** Replaces $n (highest first, so $10 is not read as $1) with the n-th expression. */
  private static String bind(String statement, String... values) {
    for (int n = values.length; n >= 1; n--) {
      statement = statement.replace("$" + n, values[n - 1]);
    }
    return statement;
  }
}
