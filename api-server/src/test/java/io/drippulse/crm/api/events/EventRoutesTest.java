package io.drippulse.crm.api.events;

import static io.drippulse.crm.api.support.Json.ok;
import static io.drippulse.crm.api.support.Json.wrap;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.EventStreamClient;
import io.drippulse.crm.api.support.EventStreamClient.Event;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/v1/crm/events: what each board write sends, to whom, and what is refused. */
class EventRoutesTest {

  private static final Duration SOON = Duration.ofSeconds(5);
  private final TestServer server = TestServer.get();

  static EventStreamClient subscribe(TestServer server, Api caller, String query) throws Exception {
    EventStreamClient stream = EventStreamClient.open(server.port(), "/api/v1/crm/events" + query, caller.authorization(), null);
    assertThat(stream.status()).isEqualTo(200);
    return stream;
  }

  @Test
  void headersArriveAtOnceAndEveryBoardWriteSendsItsEvent() throws Exception {
    Api caller = server.newOrgUser();
    Crm crm = new Crm(caller);
    String orgDefault = crm.orgDefault().getString("id");
    try (EventStreamClient stream = subscribe(server, caller, "")) {
      assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
      assertThat(stream.header("Cache-Control")).isEqualTo("no-store");

      JsonObject pipeline = crm.createPipeline("Renewals");
      String pipelineId = pipeline.getString("id");
      Event created = stream.next(SOON);
      assertThat(created.event()).isEqualTo("pipeline.created");
      assertThat(created.data().getJsonObject("pipeline")).isEqualTo(pipeline);

      String qualification = Crm.stageId(pipeline, "Qualification");
      String proposal = Crm.stageId(pipeline, "Proposal");
      JsonObject a = crm.createDeal("Acme", qualification);
      JsonObject b = crm.createDeal("Bolt", qualification);
      Event first = stream.next(SOON);
      assertThat(first.event()).isEqualTo("opportunity.created");
      assertThat(first.data().getString("type")).isEqualTo("opportunity.created");
      assertThat(first.data().getString("org_id")).isEqualTo(caller.orgId.toString());
      assertThat(first.data().getString("pipeline_id")).isEqualTo(pipelineId);
      assertThat(first.data().getString("at")).isNotBlank();
      assertThat(first.data().getJsonObject("opportunity")).isEqualTo(a);
      assertThat(stream.next(SOON).data().getJsonObject("opportunity")).isEqualTo(b);

      JsonObject renamed = crm.move(a.getString("id"), new JsonObject().put("name", "Acme Corp"));
      Event updated = stream.next(SOON);
      assertThat(updated.event()).isEqualTo("opportunity.updated");
      assertThat(updated.data().getJsonObject("opportunity")).isEqualTo(renamed);

      JsonObject moved = crm.move(b.getString("id"), new JsonObject().put("pipeline_stage_id", proposal));
      Event move = stream.next(SOON);
      assertThat(move.event()).isEqualTo("opportunity.moved");
      assertThat(move.data().getString("from_stage_id")).isEqualTo(qualification);
      assertThat(move.data().getJsonObject("opportunity")).isEqualTo(moved);

      JsonObject c = crm.createDeal("Core", proposal);
      stream.next(SOON);
      JsonObject reordered = ok(caller.post("/api/v1/crm/opportunities/reorder", new JsonObject()
          .put("pipeline_stage_id", proposal).put("ordered_ids", new JsonArray().add(c.getString("id")).add(b.getString("id")))), 200);
      Event reorder = stream.next(SOON);
      assertThat(reorder.event()).isEqualTo("opportunities.reordered");
      assertThat(reorder.data().getString("pipeline_id")).isEqualTo(pipelineId);
      assertThat(reorder.data().getString("pipeline_stage_id")).isEqualTo(proposal);
      assertThat(reorder.data().getJsonArray("opportunities")).isEqualTo(reordered.getJsonArray("opportunities"));

      assertThat(caller.delete("/api/v1/crm/opportunities/" + c.getString("id")).statusCode()).isEqualTo(204);
      Event deleted = stream.next(SOON);
      assertThat(deleted.event()).isEqualTo("opportunity.deleted");
      assertThat(deleted.data().getJsonObject("opportunity").getString("id")).isEqualTo(c.getString("id"));

      JsonObject renamedPipeline = ok(caller.patch("/api/v1/crm/opportunity_pipelines/" + pipelineId,
          wrap("pipeline", new JsonObject().put("name", "Renewals 2027"))), 200);
      Event pipelineUpdated = stream.next(SOON);
      assertThat(pipelineUpdated.event()).isEqualTo("pipeline.updated");
      assertThat(pipelineUpdated.data().getJsonObject("pipeline")).isEqualTo(renamedPipeline);

      JsonObject empty = crm.createPipeline("Scratch");
      stream.next(SOON);
      assertThat(caller.delete("/api/v1/crm/opportunity_pipelines/" + empty.getString("id")).statusCode()).isEqualTo(204);
      Event pipelineDeleted = stream.next(SOON);
      assertThat(pipelineDeleted.event()).isEqualTo("pipeline.deleted");
      assertThat(pipelineDeleted.data().getString("pipeline_id")).isEqualTo(empty.getString("id"));

      crm.createDeal("Into the default", null);
      assertThat(stream.next(SOON).data().getString("pipeline_id")).isEqualTo(orgDefault);
    }
  }

  @Test
  void bulkMovesAndRestoresSendTheirEvents() throws Exception {
    Api caller = server.newOrgUser();
    Crm crm = new Crm(caller);
    JsonObject pipeline = crm.createPipeline("Bulk");
    String qualification = Crm.stageId(pipeline, "Qualification");
    String proposal = Crm.stageId(pipeline, "Proposal");
    JsonObject a = crm.createDeal("Acme", qualification);
    JsonObject b = crm.createDeal("Bolt", qualification);
    try (EventStreamClient stream = subscribe(server, caller, "?pipeline_id=" + pipeline.getString("id"))) {
      JsonObject bulk = ok(caller.post("/api/v1/crm/opportunities/bulk_move", new JsonObject()
          .put("ids", new JsonArray().add(a.getString("public_id")).add(b.getString("id"))).put("pipeline_stage_id", proposal)), 200);
      Event moved = stream.next(SOON);
      assertThat(moved.event()).isEqualTo("opportunities.bulk_moved");
      assertThat(moved.data().getString("pipeline_id")).isEqualTo(pipeline.getString("id"));
      assertThat(moved.data().getString("pipeline_stage_id")).isEqualTo(proposal);
      assertThat(moved.data().getJsonArray("opportunities")).isEqualTo(bulk.getJsonArray("opportunities"));

      assertThat(caller.delete("/api/v1/crm/opportunities/" + a.getString("id")).statusCode()).isEqualTo(204);
      assertThat(stream.next(SOON).event()).isEqualTo("opportunity.deleted");
      JsonObject restored = ok(caller.post("/api/v1/crm/opportunities/" + a.getString("id") + "/restore", null), 200);
      Event back = stream.next(SOON);
      assertThat(back.event()).isEqualTo("opportunity.restored");
      assertThat(back.data().getJsonObject("opportunity")).isEqualTo(restored);
    }
  }

  /**
   * Cards that move to another pipeline leave one board and reach another: the move is recorded for the
   * pipeline they left (under its pipeline_id) and then for the one they entered, so a stream of either
   * hears it once and a stream of the org hears both.
   */
  @Test
  void aMoveAcrossPipelinesReachesTheStreamsOfBothPipelines() throws Exception {
    Api caller = server.newOrgUser();
    Crm crm = new Crm(caller);
    JsonObject left = crm.createPipeline("Left");
    JsonObject entered = crm.createPipeline("Entered");
    String leftId = left.getString("id");
    String enteredId = entered.getString("id");
    String proposal = Crm.stageId(entered, "Proposal");
    JsonObject a = crm.createDeal("Acme", Crm.stageId(left, "Qualification"));
    JsonObject b = crm.createDeal("Bolt", Crm.stageId(left, "Qualification"));
    JsonObject c = crm.createDeal("Core", Crm.stageId(entered, "Qualification"));
    try (EventStreamClient leftStream = subscribe(server, caller, "?pipeline_id=" + leftId);
         EventStreamClient enteredStream = subscribe(server, caller, "?pipeline_id=" + enteredId);
         EventStreamClient orgStream = subscribe(server, caller, "")) {
      JsonObject bulk = ok(caller.post("/api/v1/crm/opportunities/bulk_move", new JsonObject()
          .put("ids", new JsonArray().add(a.getString("id")).add(c.getString("id")).add(b.getString("id")))
          .put("pipeline_stage_id", proposal)), 200);
      Event leaving = leftStream.next(SOON);
      assertThat(leaving.event()).isEqualTo("opportunities.bulk_moved");
      assertThat(leaving.data().getString("pipeline_id")).isEqualTo(leftId);
      assertThat(leaving.data().getString("pipeline_stage_id")).isEqualTo(proposal);
      assertThat(leaving.data().getJsonArray("opportunities")).isEqualTo(bulk.getJsonArray("opportunities"));
      Event arriving = enteredStream.next(SOON);
      assertThat(arriving.event()).isEqualTo("opportunities.bulk_moved");
      assertThat(arriving.data().getString("pipeline_id")).isEqualTo(enteredId);
      assertThat(arriving.data().getJsonArray("opportunities")).isEqualTo(bulk.getJsonArray("opportunities"));
      assertThat(orgStream.next(2, SOON)).extracting(e -> e.data().getString("pipeline_id")).containsExactly(leftId, enteredId);

      JsonObject back = crm.move(a.getString("id"), new JsonObject().put("pipeline_stage_id", Crm.stageId(left, "Proposal")));
      Event gone = enteredStream.next(SOON);
      assertThat(gone.event()).isEqualTo("opportunity.moved");
      assertThat(gone.data().getString("pipeline_id")).isEqualTo(enteredId);
      assertThat(gone.data().getString("from_stage_id")).isEqualTo(proposal);
      assertThat(gone.data().getJsonObject("opportunity")).isEqualTo(back);
      Event returned = leftStream.next(SOON);
      assertThat(returned.data().getString("pipeline_id")).isEqualTo(leftId);
      assertThat(returned.data().getJsonObject("opportunity")).isEqualTo(back);
      assertThat(orgStream.next(2, SOON)).extracting(e -> e.data().getString("pipeline_id")).containsExactly(enteredId, leftId);

      assertThat(leftStream.quietFor(Duration.ofMillis(300))).isTrue();
      assertThat(enteredStream.quietFor(Duration.ofMillis(1))).isTrue();
      assertThat(orgStream.quietFor(Duration.ofMillis(1))).isTrue();
    }
  }

  @Test
  void aPipelineStreamCarriesOnlyThatPipeline() throws Exception {
    Api caller = server.newOrgUser();
    Crm crm = new Crm(caller);
    JsonObject watched = crm.createPipeline("Watched");
    JsonObject other = crm.createPipeline("Other");
    try (EventStreamClient stream = subscribe(server, caller, "?pipeline_id=" + watched.getString("id"))) {
      crm.createDeal("Elsewhere", Crm.stageId(other, "Qualification"));
      JsonObject here = crm.createDeal("Here", Crm.stageId(watched, "Qualification"));
      Event event = stream.next(SOON);
      assertThat(event.data().getJsonObject("opportunity").getString("id")).isEqualTo(here.getString("id"));
      assertThat(stream.quietFor(Duration.ofMillis(300))).isTrue();
    }
  }

  @Test
  void anotherOrgsEventsNeverArrive() throws Exception {
    Api mine = server.newOrgUser();
    Api theirs = server.newOrgUser();
    try (EventStreamClient stream = subscribe(server, mine, "")) {
      new Crm(theirs).createDeal("Their deal", null);
      new Crm(theirs).createPipeline("Their pipeline");
      JsonObject own = new Crm(mine).createDeal("My deal", null);
      Event event = stream.next(SOON);
      assertThat(event.data().getJsonObject("opportunity").getString("id")).isEqualTo(own.getString("id"));
      assertThat(event.data().getString("org_id")).isEqualTo(mine.orgId.toString());
      assertThat(stream.quietFor(Duration.ofMillis(300))).isTrue();
    }
  }

  @Test
  void aForeignPipelineIsNotFoundExactlyLikeAnUnknownOne() throws Exception {
    Api mine = server.newOrgUser();
    String theirs = new Crm(server.newOrgUser()).createPipeline("Theirs").getString("id");
    String foreign = body(mine, "?pipeline_id=" + theirs);
    assertThat(foreign).contains("\"code\":\"not_found\"");
    assertThat(body(mine, "?pipeline_id=" + UUID.randomUUID())).isEqualTo(foreign);
    assertThat(body(mine, "?pipeline_id=not-a-uuid")).isEqualTo(foreign);
  }

  @Test
  void withoutCredentialsTheStreamIsRefused() throws Exception {
    EventStreamClient stream = EventStreamClient.open(server.port(), "/api/v1/crm/events", null, null);
    assertThat(stream.status()).isEqualTo(401);
    assertThat(stream.errorBody()).contains("\"code\":\"missing_credentials\"");
  }

  private String body(Api caller, String query) throws Exception {
    EventStreamClient refused = EventStreamClient.open(server.port(), "/api/v1/crm/events" + query, caller.authorization(), null);
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.header("Content-Type")).startsWith("application/json");
    return refused.errorBody();
  }
}
