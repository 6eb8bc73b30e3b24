package io.drippulse.crm.api.portability;

import io.drippulse.crm.db.DatabaseUrl;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real portability worker ({@code java -cp portability-worker.jar ... serve}), as its own process against the test database. */
final class Worker implements AutoCloseable {

  private final Process process;

  private Worker(Process process) {
    this.process = process;
  }

  static Worker serve(DatabaseUrl database) {
    String built = List.of(System.getProperty("java.class.path").split(File.pathSeparator)).stream()
        .filter(entry -> entry.contains("portability-worker")).findFirst()
        .orElseThrow(() -> new IllegalStateException("the portability-worker jar is not on the test classpath"));
    // the dependency is the module's plain jar; beside it the build leaves the self-contained one that ships
    String jar = Path.of(built).resolveSibling("portability-worker.jar").toString();
    try {
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-cp", jar, "io.drippulse.crm.worker.WorkerMain", "serve")
          .redirectErrorStream(true).redirectOutput(File.createTempFile("worker", ".log"));
      builder.environment().put("DATABASE_URL", database.toUrl());
      builder.environment().put("DB_MIGRATE", "false");
      builder.environment().put("JOB_POLL_SECONDS", "1");
      builder.environment().put("METRICS_PORT", "0");
      return new Worker(builder.start());
    } catch (IOException e) {
      throw new IllegalStateException("could not start the worker", e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
