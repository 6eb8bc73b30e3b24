package io.drippulse.crm.worker.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /metrics} on METRICS_PORT for {@code serve}, on the JDK's own HTTP server (one thread is plenty). */
public final class MetricsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MetricsServer.class);

  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /** Listens, or throws an IllegalStateException whose message is the sentence naming METRICS_PORT. */
  public static MetricsServer start(int port, WorkerMetrics metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 16);
    } catch (BindException e) {
      throw new IllegalStateException("port " + port + " (METRICS_PORT) is already in use: stop what listens there or"
          + " set METRICS_PORT to a free port (0 turns the metrics off).");
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on port " + port + " (METRICS_PORT): " + e.getMessage());
    }
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "metrics");
      thread.setDaemon(true);
      return thread;
    }));
    server.createContext("/metrics", exchange -> answer(exchange, metrics));
    server.start();
    LOG.info("metrics at http://localhost:{}/metrics", server.getAddress().getPort());
    return new MetricsServer(server);
  }

  private static void answer(HttpExchange exchange, WorkerMetrics metrics) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals("/metrics")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body;
      try {
        body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
      } catch (RuntimeException e) {
        LOG.warn("could not collect the metrics: {}", e.toString());
        exchange.sendResponseHeaders(503, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
