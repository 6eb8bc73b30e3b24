package io.drippulse.crm.worker.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.worker.Progress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a claimed job ours: renews its lease (and publishes progress) three times per lease period. If a
 * renewal finds the job no longer ours (we were presumed dead and another worker took it), the running
 * execution is asked to stop at its next chunk boundary.
 */
final class Lease implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Lease.class);

  private final ScheduledExecutorService timer;

  Lease(PortabilityJob job, JobsRepository jobs, String owner, int leaseSeconds, Progress progress, ObjectMapper json,
        Runnable onLost) {
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lease-" + job.id());
      t.setDaemon(true);
      return t;
    });
    long periodMillis = Math.max(500, leaseSeconds * 1000L / 3);
    timer.scheduleAtFixedRate(() -> {
      try {
        if (!jobs.renew(job, owner, leaseSeconds, json.writeValueAsString(progress.toMap()))) {
          LOG.error("lost the lease on job {} (presumed dead by the queue); stopping it", job.id());
          onLost.run();
          timer.shutdown();
        }
      } catch (JsonProcessingException | RuntimeException e) {
        LOG.warn("could not renew the lease on job {}; will retry", job.id(), e);
      }
    }, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
