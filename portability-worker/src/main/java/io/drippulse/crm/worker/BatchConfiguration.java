package io.drippulse.crm.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.drippulse.crm.model.bundle.BundleFormat;
import io.drippulse.crm.worker.export.ExportJobConfiguration;
import io.drippulse.crm.worker.imports.ImportJobConfiguration;
import io.drippulse.crm.worker.imports.ImportRepository;
import io.drippulse.crm.worker.cleanup.BatchHistory;
import io.drippulse.crm.worker.cleanup.Cleanup;
import io.drippulse.crm.worker.cleanup.ExpiredIdempotencyKeys;
import io.drippulse.crm.worker.cleanup.FinishedJobs;
import io.drippulse.crm.worker.cleanup.StoredBundles;
import io.drippulse.crm.worker.metrics.JobCounts;
import io.drippulse.crm.worker.metrics.WorkerMetrics;
import io.drippulse.crm.worker.jobs.JobRunner;
import io.drippulse.crm.worker.jobs.JobsRepository;
import io.drippulse.crm.worker.cleanup.EventRetention;
import io.drippulse.crm.worker.cleanup.TrashRetention;
import io.drippulse.crm.worker.jobs.QueueConsumer;
import io.drippulse.crm.worker.jobs.RunningExecution;
import io.drippulse.crm.worker.jobs.WorkerIdentity;
import io.drippulse.crm.worker.storage.ChunksRepository;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The worker's Spring context: one Hikari pool for everything (the job repository lives in the same
 * PostgreSQL as the data), the two jobs, and the queue machinery. Job instances are created at READ
 * COMMITTED: our own job table already ensures one worker per job, and SERIALIZABLE would only add
 * retries when several workers start jobs at once.
 */
@Configuration
@EnableBatchProcessing
@EnableJdbcJobRepository(isolationLevelForCreate = Isolation.READ_COMMITTED)
@Import({ExportJobConfiguration.class, ImportJobConfiguration.class})
public class BatchConfiguration {

  @Bean(destroyMethod = "close")
  public HikariDataSource dataSource(WorkerConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.databaseUrl().jdbcUrl());
    hikari.setUsername(config.databaseUrl().user());
    hikari.setPassword(config.databaseUrl().password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setPoolName("worker");
    hikari.addDataSourceProperty("ApplicationName", "drippulse-portability-worker");
    return new HikariDataSource(hikari);
  }

  @Bean
  public JdbcTransactionManager transactionManager(DataSource dataSource) {
    return new JdbcTransactionManager(dataSource);
  }

  @Bean
  public JdbcTemplate jdbcTemplate(DataSource dataSource) {
    return new JdbcTemplate(dataSource);
  }

  @Bean
  public ObjectMapper bundleMapper() {
    return BundleFormat.mapper();
  }

  @Bean
  public Progress progress() {
    return new Progress();
  }

  @Bean
  public RunningExecution runningExecution() {
    return new RunningExecution();
  }

  @Bean
  public ChunksRepository chunksRepository(DataSource dataSource) {
    return new ChunksRepository(dataSource);
  }

  @Bean
  public ImportRepository importRepository(JdbcTemplate jdbcTemplate) {
    return new ImportRepository(jdbcTemplate);
  }

  @Bean
  public JobsRepository jobsRepository(JdbcTemplate jdbcTemplate, JdbcTransactionManager transactionManager) {
    return new JobsRepository(jdbcTemplate, new TransactionTemplate(transactionManager));
  }

  @Bean
  public JobRunner jobRunner(JobOperator jobOperator, JobRepository jobRepository, Job exportJob, Job importJob,
                             JobsRepository jobsRepository, RunningExecution runningExecution, Progress progress,
                             WorkerConfig config, WorkerIdentity identity, ObjectMapper bundleMapper,
                             WorkerMetrics workerMetrics) {
    return new JobRunner(jobOperator, jobRepository, exportJob, importJob, jobsRepository, runningExecution, progress,
        config, identity, bundleMapper, workerMetrics);
  }

  /**
   * What the scheduled cleanup deletes, in this order (bundle chunks before the job rows they belong to).
   * Another kind of expiring data is one more entry here.
   */
  @Bean
  public Cleanup cleanup(JdbcTemplate jdbcTemplate, WorkerConfig config) {
    return new Cleanup(jdbcTemplate, List.of(
        new ExpiredIdempotencyKeys(),
        new StoredBundles(config.bundleRetention()),
        new FinishedJobs(config.bundleRetention()),
        new BatchHistory(config.bundleRetention()),
        new TrashRetention(config.trashRetentionDays()),
        new EventRetention(config.eventRetentionHours())));
  }

  @Bean
  public WorkerMetrics workerMetrics(JdbcTemplate jdbcTemplate, Progress progress) {
    return new WorkerMetrics(new JobCounts(jdbcTemplate), progress);
  }

  @Bean
  public QueueConsumer queueConsumer(JobsRepository jobsRepository, JobRunner jobRunner, WorkerConfig config,
                                     WorkerIdentity identity) {
    return new QueueConsumer(jobsRepository, jobRunner, config, identity);
  }
}
