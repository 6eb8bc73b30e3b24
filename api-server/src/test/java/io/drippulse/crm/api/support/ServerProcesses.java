package io.drippulse.crm.api.support;

import io.drippulse.crm.api.Main;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The api-server's {@link Main} as a real process, on this test JVM's class path, and plain HTTP calls to it. */
public final class ServerProcesses {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private ServerProcesses() {
  }

  /**
   * Starts {@code Main args...} with the inherited environment minus JWT_*, DEV_MODE and HTTP_PORT, plus
   * {@code env}; stdout and stderr go to the given files (the same file for both is fine).
   */
  public static Process start(Map<String, String> env, File stdout, File stderr, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    if (stdout.equals(stderr)) {
      builder.redirectErrorStream(true).redirectOutput(stdout);
    } else {
      builder.redirectOutput(stdout).redirectError(stderr);
    }
    builder.environment().keySet().removeIf(k -> k.startsWith("JWT_") || k.equals("DEV_MODE") || k.equals("HTTP_PORT"));
    builder.environment().putAll(env);
    return builder.start();
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** 200 once {@code path} answers 200 within the timeout, else -1. */
  /** 200 once GET path answers 200 within the timeout (else an AssertionError saying what it answered last). */
  public static int awaitOk(int port, String path, Duration timeout) {
    return Eventually.await("GET " + path + " on :" + port + " answering 200", timeout, Duration.ofMillis(200),
        () -> get(port, path, null).statusCode(), status -> status == 200);
  }

  public static HttpResponse<String> get(int port, String path, String authorization) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
