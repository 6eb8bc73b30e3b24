package io.drippulse.crm.api.support;

import io.drippulse.crm.db.DatabaseUrl;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of this test's own (pg_createcluster on a free port, trust auth), for tests that
 * stop the database: the shared server on 5432 is never touched. Dropped on close.
 */
public final class PrivateCluster implements AutoCloseable {

  private static final String VERSION = "15";

  private final String name;
  private final int port;

  private PrivateCluster(String name, int port) {
    this.name = name;
    this.port = port;
  }

  public static PrivateCluster create() {
    String name = "it" + UUID.randomUUID().toString().substring(0, 8);
    int port = freePort();
    PrivateCluster cluster = new PrivateCluster(name, port);
    run("pg_createcluster", VERSION, name, "--port", Integer.toString(port), "--", "-A", "trust");
    cluster.start();
    run("psql", "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "postgres", "-qc", "CREATE DATABASE crm");
    return cluster;
  }

  public DatabaseUrl url() {
    return DatabaseUrl.parse("postgresql://postgres@127.0.0.1:" + port + "/crm");
  }

  public void start() {
    run("pg_ctlcluster", VERSION, name, "start");
  }

  public void stop() {
    run("pg_ctlcluster", VERSION, name, "stop", "-m", "immediate");
  }

  @Override
  public void close() {
    run("pg_dropcluster", VERSION, name, "--stop");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(String... command) {
    try {
      Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(String.join(" ", command) + " could not run", e);
    }
  }
}
