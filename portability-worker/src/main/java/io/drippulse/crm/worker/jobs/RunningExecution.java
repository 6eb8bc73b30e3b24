package io.drippulse.crm.worker.jobs;

import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/** The Spring Batch execution this process is running now, so a lost lease or SIGTERM can ask it to stop. */
public final class RunningExecution implements JobExecutionListener {

  private volatile JobExecution current;

  @Override
  public void beforeJob(JobExecution jobExecution) {
    current = jobExecution;
  }

  @Override
  public void afterJob(JobExecution jobExecution) {
    current = null;
  }

  public Optional<Long> id() {
    JobExecution execution = current;
    return execution == null ? Optional.empty() : Optional.of(execution.getId());
  }
}
