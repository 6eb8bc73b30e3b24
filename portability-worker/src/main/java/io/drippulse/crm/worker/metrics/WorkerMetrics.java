package io.drippulse.crm.worker.metrics;

import io.drippulse.crm.worker.Progress;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * The worker's Prometheus metrics: jobs in the job table by state (all workers' jobs, read when scraped),
 * the running job's rows and rows per second, how long this worker's jobs took by kind and outcome, and
 * the JVM. {@link MetricsServer} serves them on METRICS_PORT.
 */
public final class WorkerMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public WorkerMetrics(JobCounts counts, Progress progress) {
    for (String state : JobCounts.STATES) {
      Gauge.builder("drippulse.jobs", () -> counts.current().getOrDefault(state, 0L))
          .description("Portability jobs in the job table, by state").tag("state", state).register(registry);
    }
    Gauge.builder("drippulse.job.rows", progress, Progress::doneRows)
        .description("Rows the running job's current phase has done").register(registry);
    Gauge.builder("drippulse.job.rows.per.second", progress, Progress::rowsPerSecond)
        .description("Rows per second of the running job's current phase").register(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** One run of a job by this worker: {@code outcome} succeeded, failed or released (handed back unfinished). */
  public void jobRan(String kind, String outcome, Duration took) {
    Timer.builder("drippulse.job.duration").description("How long this worker's job runs took")
        .tag("kind", kind).tag("outcome", outcome).register(registry).record(took);
  }

  public String scrape() {
    return registry.scrape();
  }
}
