package io.drippulse.crm.worker;

import io.drippulse.crm.db.Migrations;
import io.drippulse.crm.db.Unreachable;
import io.drippulse.crm.db.logging.LogSetup;
import io.drippulse.crm.worker.cleanup.Cleanup;
import io.drippulse.crm.worker.jobs.QueueConsumer;
import io.drippulse.crm.worker.metrics.MetricsServer;
import io.drippulse.crm.worker.metrics.WorkerMetrics;
import io.drippulse.crm.worker.jobs.WorkerIdentity;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * {@code portability-worker serve | export | import | enqueue-export}. Exit codes: 0 done, 1 the job (or
 * start-up) failed, 2 bad command line or configuration.
 */
public final class WorkerMain {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

  private WorkerMain() {
  }

  public static void main(String[] args) {
    Integer code = run(args);
    if (code != null) {
      System.exit(code);
    }
  }

  /** The exit code, or null once {@code serve} has been stopped by a signal (the JVM is already exiting). */
  static Integer run(String[] args) {
    Command command;
    WorkerConfig config;
    try {
      command = Command.parse(args);
      config = WorkerConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      refuse(e.getMessage());
      System.err.println(Command.USAGE);
      return 2;
    }
    try {
      if (config.migrate()) {
        Migrations.migrate(config.databaseUrl());
      }
    } catch (RuntimeException e) {
      refuse(Unreachable.sentence(config.databaseUrl(), e).orElseGet(() ->
          "could not apply migrations to " + config.databaseUrl() + " (DATABASE_URL): " + e.getMessage()));
      return 1;
    }
    AnnotationConfigApplicationContext context;
    try {
      context = context(config);
    } catch (RuntimeException e) {
      refuse(Unreachable.sentence(config.databaseUrl(), e).orElseGet(() ->
          "could not start against " + config.databaseUrl() + " (DATABASE_URL): " + rootMessage(e)));
      return 1;
    }
    if (command.name().equals("serve")) {
      return serve(context, config);
    }
    try (context) {
      return new CliCommands(context).run(command);
    }
  }

  private static AnnotationConfigApplicationContext context(WorkerConfig config) {
    AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
    context.registerBean(WorkerConfig.class, () -> config);
    context.registerBean(WorkerIdentity.class, WorkerIdentity::new);
    context.register(BatchConfiguration.class);
    context.refresh();
    return context;
  }

  /**
   * Serves until SIGTERM/SIGINT; the hook stops the running job at a chunk boundary, hands it back to the
   * queue and closes the context before the JVM exits.
   */
  private static Integer serve(AnnotationConfigApplicationContext context, WorkerConfig config) {
    QueueConsumer consumer = context.getBean(QueueConsumer.class);
    if (config.metricsPort() > 0) {
      try {
        MetricsServer.start(config.metricsPort(), context.getBean(WorkerMetrics.class));
      } catch (IllegalStateException e) {
        refuse(e.getMessage());
        context.close();
        return 1;
      }
    }
    context.getBean(Cleanup.class).schedule(config.cleanupInterval());
    AtomicBoolean signalled = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      signalled.set(true);
      LOG.info("stop requested; finishing or handing back the running job");
      if (!consumer.shutdown(Duration.ofSeconds(config.stopGraceSeconds()))) {
        LOG.warn("the running job did not stop within {}s; its lease will hand it to another worker",
            config.stopGraceSeconds());
      }
      context.close();
    }, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      consumer.serve();
    } catch (RuntimeException e) {
      LOG.error("serve stopped on an unexpected error", e);
      return 1;
    }
    return signalled.get() ? null : 0;
  }

  /** Why the worker will not start: one line on stderr, or one JSON log event when LOG_FORMAT=json. */
  private static void refuse(String sentence) {
    if (LogSetup.json()) {
      LOG.error("cannot start: {}", sentence);
    } else {
      System.err.println("portability-worker: " + sentence);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
