import java.lang.reflect.Field;

/**
 * Prints the api-server's list-page statement (OpportunitySql.PAGE) with pgbench variables in place of its
 * parameters, so bench/board.sh runs exactly the server's SQL under pgbench. Parameters the server binds to
 * NULL (no stage, no q, no cursor) stay parameters, as NULLIF(:pN, 'none') with -D pN=none: the plan stays the
 * generic plan the server gets.
 * usage: java -cp api-server/target/api-server.jar bench/PageSql.java
 */
public class PageSql {
  public static void main(String[] args) throws Exception {
    Field page = Class.forName("io.drippulse.crm.api.opportunities.OpportunitySql").getDeclaredField("PAGE");
    page.setAccessible(true);
    String sql = (String) page.get(null);
    String[][] nulls = {{"3", "uuid"}, {"4", "text"}, {"6", "uuid"}, {"7", "uuid"}, {"8", "int"}, {"9", "bigint"}};
    for (String[] p : nulls) {
      sql = sql.replace("$" + p[0] + "::" + p[1], "$" + p[0]).replace("$" + p[0], "NULLIF(:p" + p[0] + ", 'none')::" + p[1]);
    }
    System.out.println(sql.replace("$1", ":org").replace("$2", ":pipeline").replace("$5", ":lim") + ";");
  }
}
