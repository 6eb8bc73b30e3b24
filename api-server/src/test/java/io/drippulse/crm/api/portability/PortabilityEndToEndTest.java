package io.drippulse.crm.api.portability;

import static io.drippulse.crm.api.support.Json.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.Eventually;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Through the API and the real worker: export an org, download its bundle, import it elsewhere. */
class PortabilityEndToEndTest {

  private static final String BASE = "/api/v1/crm/portability";

  private final TestServer server = TestServer.get();

  @Test
  void anExportDownloadedAndImportedIntoAnotherOrgReproducesTheBoard() throws Exception {
    Api alice = server.newOrgUser();
    Crm crm = new Crm(alice);
    JsonObject pipeline = crm.createPipeline("Partners");
    for (int i = 0; i < 5; i++) {
      crm.createDeal("Partner deal " + i, Crm.stageId(pipeline, "Proposal"));
      crm.createDeal("Inbound " + i, null);
    }
    Api bob = server.newOrgUser();

    try (Worker worker = Worker.serve(server.database)) {
      String exportId = ok(alice.post(BASE + "/exports", new JsonObject()), 202).getJsonObject("job").getString("id");
      JsonObject exported = awaitFinished(alice, BASE + "/exports/" + exportId);
      assertThat(exported.getString("status")).as(exported.encode()).isEqualTo("succeeded");
      assertThat(exported.getJsonObject("counts").getLong("opportunities")).isEqualTo(10);

      HttpResponse<Buffer> download = alice.get(exported.getString("bundle_url"));
      assertThat(download.statusCode()).isEqualTo(200);
      assertThat(download.getHeader("Content-Disposition")).startsWith("attachment;");
      assertThat((long) download.body().length()).isEqualTo(exported.getLong("bundle_bytes"));
      JsonObject bundle = download.bodyAsJsonObject();
      assertThat(bundle.getString("source_org_id")).isEqualTo(alice.orgId.toString());

      JsonObject dryRun = importAndWait(bob, "?dry_run=true", download.body());
      assertThat(dryRun.getJsonObject("counts").getJsonObject("opportunities").getLong("created")).isEqualTo(10);
      assertThat(new Crm(bob).pipelines().getJsonArray("pipelines")).hasSize(1);

      JsonObject imported = importAndWait(bob, "", download.body());
      assertThat(imported.getString("status")).as(imported.encode()).isEqualTo("succeeded");
      assertThat(imported.getJsonObject("report").getString("mode")).isEqualTo("copy");
      assertThat(imported.getJsonObject("counts").getJsonObject("opportunities").getLong("created")).isEqualTo(10);
    }

    assertThat(names(bob, "Partners", "Proposal")).containsExactly("Partner deal 0", "Partner deal 1", "Partner deal 2",
        "Partner deal 3", "Partner deal 4");
    assertThat(names(bob, "Default pipeline", "Unassigned")).containsExactly("Inbound 0", "Inbound 1", "Inbound 2",
        "Inbound 3", "Inbound 4");
  }

  private JsonObject importAndWait(Api caller, String query, Buffer bundle) {
    HttpResponse<Buffer> posted = caller.sendRaw(HttpMethod.POST, BASE + "/imports" + query, bundle, "application/json", null);
    String id = ok(posted, 202).getJsonObject("job").getString("id");
    return awaitFinished(caller, BASE + "/imports/" + id);
  }

  private static JsonObject awaitFinished(Api caller, String path) {
    return Eventually.await("the job at " + path + " finishing", Duration.ofMinutes(2), Duration.ofMillis(100),
        () -> ok(caller.get(path), 200).getJsonObject("job"),
        job -> "succeeded".equals(job.getString("status")) || "failed".equals(job.getString("status")));
  }

  private static List<String> names(Api caller, String pipelineName, String stageName) {
    JsonArray pipelines = new Crm(caller).pipelines().getJsonArray("pipelines");
    JsonObject pipeline = null;
    for (int i = 0; i < pipelines.size(); i++) {
      if (pipelines.getJsonObject(i).getString("name").equals(pipelineName)) {
        pipeline = pipelines.getJsonObject(i);
      }
    }
    assertThat(pipeline).as("pipeline " + pipelineName).isNotNull();
    JsonArray deals = new Crm(caller).list("pipeline_id=" + pipeline.getString("id") + "&pipeline_stage_id="
        + Crm.stageId(pipeline, stageName));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < deals.size(); i++) {
      names.add(deals.getJsonObject(i).getString("name"));
    }
    return names;
  }
}
