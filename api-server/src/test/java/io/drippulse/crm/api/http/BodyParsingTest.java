package io.drippulse.crm.api.http;

import static io.drippulse.crm.api.support.Json.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.drippulse.crm.api.support.Api;
import io.drippulse.crm.api.support.Crm;
import io.drippulse.crm.api.support.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How bodies are framed and read: an empty JSON body or an obfuscated Transfer-Encoding is a 400 on every JSON route. */
@Timeout(60)
class BodyParsingTest {

  private final TestServer server = TestServer.get();
  private final Api alice = server.newOrgUser();
  private final Crm crm = new Crm(alice);

  @Test
  void anEmptyJsonBodyIs400OnEveryJsonRoute() {
    String pipeline = crm.createPipeline("Mine").getString("id");
    String deal = crm.createDeal("d", null).getString("id");
    List<Object[]> routes = List.of(
        new Object[] {HttpMethod.POST, "/api/v1/api_keys"},
        new Object[] {HttpMethod.POST, "/api/v1/crm/opportunity_pipelines"},
        new Object[] {HttpMethod.PATCH, "/api/v1/crm/opportunity_pipelines/" + pipeline},
        new Object[] {HttpMethod.POST, "/api/v1/crm/opportunities"},
        new Object[] {HttpMethod.PATCH, "/api/v1/crm/opportunities/" + deal},
        new Object[] {HttpMethod.POST, "/api/v1/crm/opportunities/reorder"});
    for (Object[] route : routes) {
      assertError(alice.sendRaw((HttpMethod) route[0], (String) route[1], Buffer.buffer(), "application/json", null),
          400, "malformed_json");
      assertError(alice.sendRaw((HttpMethod) route[0], (String) route[1], Buffer.buffer("  \n"), "application/json", null),
          400, "malformed_json");
    }
    assertError(alice.sendRaw(HttpMethod.POST, "/api/v1/crm/portability/imports", Buffer.buffer(), "application/json", null),
        400, "empty_body");
    assertThat(crm.list("")).hasSize(1);
  }

  @Test
  void anObfuscatedTransferEncodingIs400AndCreatesNothing() throws Exception {
    String body = "{\"opportunity\":{\"name\":\"smuggled\"}}";
    String chunked = Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
    for (String framing : new String[] {"Transfer-Encoding: chunked, identity\r\n", "Transfer-Encoding: xchunked\r\n",
        "Transfer-Encoding: identity\r\n", "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
        "Transfer-Encoding:  Chunked \r\nTransfer-Encoding: chunked\r\n"}) {
      String status = exchange(framing, chunked);
      assertThat(status).as(framing).startsWith("HTTP/1.1 400");
    }
    assertThat(exchange("Transfer-Encoding: chunked\r\n", chunked)).as("plain chunked").startsWith("HTTP/1.1 201");
    assertThat(crm.list("")).extracting(o -> ((io.vertx.core.json.JsonObject) o).getString("name")).containsExactly("smuggled");
  }

  /** One request written by hand on a fresh socket; the status line of the answer. */
  private String exchange(String framing, String body) throws Exception {
    try (Socket socket = new Socket("localhost", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/crm/opportunities HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + alice.authorization()
          + "\r\nContent-Type: application/json\r\nConnection: close\r\n" + framing + "\r\n" + body)
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) != -1 && b != '\n') {
        answer.write(b);
      }
      return answer.toString(StandardCharsets.US_ASCII);
    }
  }
}
