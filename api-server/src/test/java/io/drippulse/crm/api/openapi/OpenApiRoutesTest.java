package io.drippulse.crm.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Contract;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

/** GET /api/v1/openapi.json without credentials; the description the tests validate responses against. */
class OpenApiRoutesTest {

  @Test
  void theDescriptionIsServedWithoutAuthentication() {
    HttpResponse<Buffer> response = TestServer.get().withAuthorization(null).get(OpenApiRoutes.PATH);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject served = response.bodyAsJsonObject();
    assertThat(served.getString("openapi")).isEqualTo("3.1.0");
    assertThat(served).isEqualTo(Contract.document());
  }

  @Test
  void theValidationRefusesABodyThatBreaksTheDescription() {
    Contract contract = Contract.get();
    JsonObject error = new JsonObject().put("error", new JsonObject().put("code", "not_found").put("message", "No such record."));
    assertThat(contract.validate("getOpportunity", 404, error).await()).isNotNull();
    assertThat(contract.validate("getOpportunity", 429, error).await()).isNotNull();
    assertThat(failsEventually(contract, "getOpportunity", 404, new JsonObject().put("message", "not the error shape"))).isTrue();
    assertThat(failsEventually(contract, "getOpportunity", 200, new JsonObject().put("id", "no-uuid"))).isTrue();
    assertThat(failsEventually(contract, "listPipelines", 200, new JsonObject().put("pipelines", "not a list")
        .put("default_pipeline_id", "6f1c0000-0000-4000-8000-000000000001"))).isTrue();
  }

  private static boolean failsEventually(Contract contract, String operation, int status, JsonObject body) {
    try {
      contract.validate(operation, status, body).await();
      return false;
    } catch (RuntimeException e) {
      return true;
    }
  }

  @Test
  void everyOperationAllowsTheSharedErrorBodyForEveryErrorStatus() {
    JsonObject paths = Contract.document().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject responses = item.getJsonObject(method).getJsonObject("responses");
        for (String status : new String[] {"400", "401", "403", "404", "408", "409", "412", "413", "415", "422", "429", "503"}) {
          assertThat(responses.getJsonObject(status)).as(method + " " + path + " " + status).isNotNull();
          assertThat(responses.getJsonObject(status).getString("$ref")).isEqualTo("#/components/responses/Error" + status);
        }
      }
    }
  }
}
