package io.drippulse.crm.api.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GET /metrics after real traffic: per route template, method and status, plus pool and JVM metrics. */
class MetricsRoutesTest {

  private static final Pattern ROUTE_LABEL = Pattern.compile("route=\"([^\"]*)\"");

  @Test
  void metricsAreScrapedWithoutAuthAndLabelRequestsByRouteTemplate() {
    TestServer server = TestServer.get();
    Api api = server.newOrgUser();
    Crm crm = new Crm(api);
    String stage = Crm.stageId(crm.orgDefault(), "Qualification");
    String id = crm.createDeal("Metered deal", stage).getString("id");
    String publicId = crm.deal(id).getString("public_id");
    crm.deal(publicId);
    api.get("/api/v1/crm/opportunities/" + java.util.UUID.randomUUID());

    HttpResponse<Buffer> scraped = server.withAuthorization(null).get("/metrics");
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.getHeader("Content-Type")).startsWith("text/plain");
    String body = scraped.bodyAsString();

    assertThat(body).contains("vertx_http_server_requests_total");
    assertThat(requestLines(body)).anySatisfy(line -> assertThat(line)
        .contains("route=\"/api/v1/crm/opportunities/:id\"").contains("method=\"GET\"").contains("code=\"200\""));
    assertThat(requestLines(body)).anySatisfy(line -> assertThat(line)
        .contains("route=\"/api/v1/crm/opportunities/:id\"").contains("code=\"404\""));
    assertThat(requestLines(body)).anySatisfy(line -> assertThat(line)
        .contains("route=\"/api/v1/crm/opportunities\"").contains("method=\"POST\"").contains("code=\"201\""));
    assertThat(routes(body)).as("route labels are templates, never ids").noneMatch(route ->
        route.contains(id) || route.contains(publicId) || route.matches(".*[0-9a-f]{8}-[0-9a-f]{4}.*"));

    assertThat(body).contains("vertx_pool_").contains("jvm_memory_used_bytes");
    assertThat(body).as("each pool under a name of its own: the event loop's, the event hub's reader")
        .contains("vertx_pool_in_use{pool_name=\"crm-api-0\",pool_type=\"sql\"}")
        .contains("vertx_pool_in_use{pool_name=\"crm-events-reader\",pool_type=\"sql\"}");
    assertThat(body).as("the SQL client meters of each pool under its name too, none left unnamed")
        .contains("vertx_sql_processing_pending{client_namespace=\"crm-events-listen\"}")
        .containsPattern("vertx_sql_processing_time_seconds_count\\{client_namespace=\"crm-api-[0-9]+\"\\}")
        .doesNotContain("client_namespace=\"\"")
        .doesNotContain("vertx_net_client_");
  }

  private static List<String> requestLines(String body) {
    return body.lines().filter(line -> line.startsWith("vertx_http_server_requests_total{")).toList();
  }

  private static List<String> routes(String body) {
    return body.lines().map(ROUTE_LABEL::matcher).filter(Matcher::find).map(m -> m.group(1)).distinct().toList();
  }
}
