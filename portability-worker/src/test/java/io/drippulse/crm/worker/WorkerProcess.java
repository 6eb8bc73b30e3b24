package io.drippulse.crm.worker;

import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real worker, as a separate JVM started from this test JVM's classpath: what {@code java -jar
 * portability-worker.jar ...} does, with DATABASE_URL pointing at the test database.
 */
final class WorkerProcess implements AutoCloseable {

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private WorkerProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static WorkerProcess start(Map<String, String> extraEnv, String... args) {
    try {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx256m");
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(WorkerMain.class.getName());
      command.addAll(List.of(args));
      Path out = Files.createTempFile("worker-out", ".txt");
      Path err = Files.createTempFile("worker-err", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      Map<String, String> env = builder.environment();
      env.put("DATABASE_URL", TestDatabase.shared().toUrl());
      env.put("DB_MIGRATE", "false");
      env.put("JOB_POLL_SECONDS", "1");
      env.put("METRICS_PORT", "0"); // many workers run at once here; MetricsTest gives its own a port
      env.putAll(extraEnv);
      return new WorkerProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new IllegalStateException("could not start the worker", e);
    }
  }

  static WorkerProcess start(String... args) {
    return start(Map.of(), args);
  }

  /** Runs a one-shot command to its end. */
  static Result run(String... args) {
    return run(Map.of(), args);
  }

  static Result run(Map<String, String> env, String... args) {
    try (WorkerProcess worker = start(env, args)) {
      return worker.awaitExit(Duration.ofMinutes(3));
    }
  }

  Result awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the worker did not exit within " + timeout + "; stderr:\n" + read(stderr));
      }
      return new Result(process.exitValue(), read(stdout), read(stderr));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** kill -9: no shutdown hook, no chance to hand anything back. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM, as Kubernetes stops a pod. */
  void terminate() {
    process.destroy();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String stderr() {
    return read(stderr);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    stdout.toFile().delete();
    stderr.toFile().delete();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  static DatabaseUrl database() {
    return TestDatabase.shared();
  }

  static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  static File tempFile(String suffix) {
    try {
      File file = Files.createTempFile("bundle", suffix).toFile();
      file.deleteOnExit();
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
