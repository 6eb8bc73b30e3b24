package io.drippulse.crm.api.opportunities;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.Database;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A transaction sent with its BEGIN and COMMIT pipelined ({@link SentTogether}), on a pool of one connection,
 * so each case also shows the connection goes back idle: what commits is kept, anything else leaves nothing,
 * and the next transaction on the same connection starts clean.
 */
class SentTogetherTest {

  private static Vertx vertx;
  private static Pool pool;
  private static final String TABLE = "sent_together_" + UUID.randomUUID().toString().replace("-", "");

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(Database.connectOptions(TestDatabase.shared()))
        .using(vertx).build();
    pool.query("CREATE TABLE " + TABLE + " (v int PRIMARY KEY)").execute().await();
  }

  @AfterAll
  static void stop() {
    pool.query("DROP TABLE " + TABLE).execute().await();
    vertx.close().await();
  }

  @Test
  void whatCommitsIsKept() {
    int v = SentTogether.transaction(pool, tx -> {
      Future<?> inserted = insert(tx, 1);
      return tx.commit(inserted).map(1);
    }).await();
    assertThat(v).isEqualTo(1);
    assertThat(values()).contains(1);
    assertThat(idle()).isTrue();
  }

  @Test
  void aFailureInJavaBeforeCommitRollsBackWhatWasSent() {
    Future<Object> failed = SentTogether.transaction(pool, tx -> insert(tx, 2).compose(x -> {
      throw new IllegalArgumentException("changed my mind");
    }));
    assertThat(failure(failed)).isInstanceOf(IllegalArgumentException.class).hasMessage("changed my mind");
    assertThat(values()).doesNotContain(2);
    assertThat(idle()).isTrue();
  }

  @Test
  void aFailingStatementFailsTheTransactionAndTheCommitBehindItKeepsNothing() {
    Future<Object> failed = SentTogether.transaction(pool, tx -> {
      Future<?> good = insert(tx, 3);
      Future<?> bad = tx.connection().query("SELECT 1 / 0").execute();
      Future<?> after = insert(tx, 4);
      return tx.commit(good, bad, after).map(x -> null);
    });
    assertThat(failure(failed)).hasMessageContaining("division by zero");
    assertThat(values()).doesNotContain(3, 4);
    assertThat(idle()).isTrue();
  }

  @Test
  void workThatNeverCommitsIsRolledBackAndFails() {
    Future<Object> failed = SentTogether.transaction(pool, tx -> insert(tx, 5).map(x -> null));
    assertThat(failure(failed)).hasMessageContaining("not committed");
    assertThat(values()).doesNotContain(5);
    assertThat(idle()).isTrue();
  }

  private static Future<?> insert(SentTogether tx, int v) {
    return tx.connection().preparedQuery("INSERT INTO " + TABLE + " VALUES ($1)").execute(Tuple.of(v));
  }

  private static Throwable failure(Future<?> future) {
    try {
      future.await();
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("the transaction succeeded");
  }

  private static List<Integer> values() {
    List<Integer> out = new ArrayList<>();
    pool.query("SELECT v FROM " + TABLE).execute().await().forEach(row -> out.add(row.getInteger("v")));
    return out;
  }

  /** The pool's only connection is outside any transaction (a leftover one would make now() stand still). */
  private static boolean idle() {
    Row row = pool.query("SELECT now() = statement_timestamp() AS outside").execute().await().iterator().next();
    return row.getBoolean("outside");
  }
}
