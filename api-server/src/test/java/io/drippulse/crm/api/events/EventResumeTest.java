package io.drippulse.crm.api.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.EventStreamClient;
import io.drippulse.crm.api.support.EventStreamClient.Event;
import io.drippulse.crm.api.support.TestServer;
import io.drippulse.crm.db.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Last-Event-ID / last_event_id: resume with nothing lost or repeated, reset when the cursor cannot be served. */
class EventResumeTest {

  private static final Duration SOON = Duration.ofSeconds(5);
  private final TestServer server = TestServer.get();

  @Test
  void resumingAfterWritesMadeWhileAwayLosesAndRepeatsNothing() throws Exception {
    Api caller = server.newOrgUser();
    Crm crm = new Crm(caller);
    String lastSeen;
    try (EventStreamClient stream = EventRoutesTest.subscribe(server, caller, "")) {
      crm.createDeal("Seen", null);
      lastSeen = stream.next(SOON).id();
    }
    List<String> whileAway = List.of(crm.createDeal("One", null).getString("id"), crm.createDeal("Two", null).getString("id"),
        crm.createDeal("Three", null).getString("id"));
    try (EventStreamClient resumed = EventStreamClient.open(server.port(), "/api/v1/crm/events", caller.authorization(), lastSeen)) {
      assertThat(ids(resumed.next(3, SOON))).isEqualTo(whileAway);
      String live = crm.createDeal("Live", null).getString("id");
      assertThat(ids(List.of(resumed.next(SOON)))).containsExactly(live);
      assertThat(resumed.quietFor(Duration.ofMillis(300))).isTrue();
    }
    try (EventStreamClient byQuery = EventRoutesTest.subscribe(server, caller, "?last_event_id=" + lastSeen)) {
      assertThat(ids(byQuery.next(4, SOON)).subList(0, 3)).isEqualTo(whileAway);
    }
  }

  /**
   * A stream first sends its position (an id without data: no event), so a client that loses it before any
   * event still resumes without losing what was written meanwhile.
   */
  @Test
  void aClientThatSawNoEventResumesFromTheStreamsPosition() throws Exception {
    Api caller = server.newOrgUser();
    Crm crm = new Crm(caller);
    crm.createDeal("Before", null);
    String position;
    try (EventStreamClient stream = EventRoutesTest.subscribe(server, caller, "")) {
      position = stream.awaitLastIdOtherThan(null, SOON);
      assertThat(stream.quietFor(Duration.ofMillis(300))).as("the position is not an event").isTrue();
    }
    String whileAway = crm.createDeal("While away", null).getString("id");
    try (EventStreamClient resumed = EventStreamClient.open(server.port(), "/api/v1/crm/events", caller.authorization(), position)) {
      assertThat(ids(resumed.next(1, SOON))).containsExactly(whileAway);
      assertThat(resumed.lastId()).isNotEqualTo(position);
    }
  }

  @Test
  void anUnknownCursorGetsOneResetThenLiveEvents() throws Exception {
    Api caller = server.newOrgUser();
    Crm crm = new Crm(caller);
    try (EventStreamClient stream = EventStreamClient.open(server.port(), "/api/v1/crm/events", caller.authorization(), "garbage")) {
      Event reset = stream.next(SOON);
      assertThat(reset.event()).isEqualTo("reset");
      assertThat(reset.data().getString("reason")).isEqualTo("unknown_cursor");
      String created = crm.createDeal("After the reset", null).getString("id");
      assertThat(ids(List.of(stream.next(SOON)))).containsExactly(created);
    }
  }

  @Test
  void anotherOrgsCursorIsUnknownHere() throws Exception {
    Api theirs = server.newOrgUser();
    String theirCursor;
    try (EventStreamClient stream = EventRoutesTest.subscribe(server, theirs, "")) {
      new Crm(theirs).createDeal("Theirs", null);
      theirCursor = stream.next(SOON).id();
    }
    Api mine = server.newOrgUser();
    new Crm(mine).createDeal("Mine", null);
    new Crm(mine).createDeal("Mine too", null);
    try (EventStreamClient stream = EventStreamClient.open(server.port(), "/api/v1/crm/events", mine.authorization(), theirCursor)) {
      assertThat(stream.next(SOON).event()).isEqualTo("reset");
      assertThat(stream.quietFor(Duration.ofMillis(300))).isTrue();
    }
  }

  @Test
  void aCursorWhoseSuccessorWasDeletedByRetentionGetsAReset() throws Exception {
    Api caller = server.newOrgUser();
    Crm crm = new Crm(caller);
    String old;
    try (EventStreamClient stream = EventRoutesTest.subscribe(server, caller, "")) {
      crm.createDeal("Old", null);
      old = stream.next(SOON).id();
    }
    crm.createDeal("Expired", null);
    crm.createDeal("Kept", null);
    try (Connection db = TestDatabase.connect(server.database);
         PreparedStatement expire = db.prepareStatement("DELETE FROM crm_events WHERE org_id = ? AND seq <= 2")) {
      expire.setObject(1, caller.orgId);
      expire.executeUpdate();
    }
    try (EventStreamClient stream = EventStreamClient.open(server.port(), "/api/v1/crm/events", caller.authorization(), old)) {
      Event reset = stream.next(SOON);
      assertThat(reset.event()).isEqualTo("reset");
      assertThat(reset.data().getString("reason")).isEqualTo("cursor_expired");
      // the reset carries a cursor: resuming from it misses nothing that comes after
      assertThat(stream.quietFor(Duration.ofMillis(300))).isTrue();
      String next = crm.createDeal("Next", null).getString("id");
      assertThat(ids(List.of(stream.next(SOON)))).containsExactly(next);
    }
  }

  /**
   * Two writes of one org: the first records its event and stays open; the second must not commit before
   * it (with a plain sequence it would, and a reader past its id would skip the first). Both arrive, in order.
   */
  @Test
  void anEarlierEventCommittingLaterIsDeliveredAndNotSkipped() throws Exception {
    Api caller = server.newOrgUser();
    Crm crm = new Crm(caller);
    String pipelineId = crm.orgDefault().getString("id");
    try (EventStreamClient stream = EventRoutesTest.subscribe(server, caller, "");
         Connection first = TestDatabase.connect(server.database);
         Connection second = TestDatabase.connect(server.database)) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      long firstSeq = record(first, caller.orgId, UUID.fromString(pipelineId), "first");
      CompletableFuture<Long> secondSeq = CompletableFuture.supplyAsync(() -> {
        try {
          long seq = record(second, caller.orgId, UUID.fromString(pipelineId), "second");
          second.commit();
          return seq;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      assertThatThrownBy(() -> secondSeq.get(300, TimeUnit.MILLISECONDS))
          .as("the later write waits for the earlier one's commit").isInstanceOf(TimeoutException.class);
      assertThat(stream.quietFor(Duration.ofMillis(200))).isTrue();
      first.commit();
      assertThat(secondSeq.get(5, TimeUnit.SECONDS)).isEqualTo(firstSeq + 1);
      List<Event> both = stream.next(2, SOON);
      assertThat(both).extracting(e -> e.data().getJsonObject("opportunity").getString("name")).containsExactly("first", "second");
    }
  }

  private static long record(Connection db, UUID orgId, UUID pipelineId, String name) throws Exception {
    try (PreparedStatement st = db.prepareStatement("SELECT crm_record_events(?, ARRAY[?::uuid], ARRAY['opportunity.updated'],"
        + " ARRAY[?::jsonb])")) {
      st.setObject(1, orgId);
      st.setObject(2, pipelineId);
      st.setString(3, new JsonObject().put("opportunity", new JsonObject().put("name", name)
          .put("pipeline_id", pipelineId.toString())).encode());
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static List<String> ids(List<Event> events) {
    return events.stream().map(e -> e.data().getJsonObject("opportunity").getString("id")).toList();
  }
}
