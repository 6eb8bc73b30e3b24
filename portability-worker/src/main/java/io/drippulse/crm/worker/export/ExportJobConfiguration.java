package io.drippulse.crm.worker.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.drippulse.crm.model.bundle.BundleFormat;
import io.drippulse.crm.model.bundle.BundlePipeline;
import io.drippulse.crm.model.bundle.BundleStage;
import io.drippulse.crm.worker.JobParams;
import io.drippulse.crm.worker.Progress;
import io.drippulse.crm.worker.jobs.RunningExecution;
import io.drippulse.crm.worker.storage.BundleSink;
import io.drippulse.crm.worker.storage.ChunksRepository;
import io.drippulse.crm.worker.storage.LeaseHolder;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.batch.core.configuration.annotation.JobScope;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.ItemStreamReader;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The export job: take the snapshot and write the header, then pipelines, stages and opportunities (the
 * order an import needs them in), then close the document. Each run is its own job instance and starts
 * from scratch; an export only reads, so running it again is always safe.
 */
@Configuration
public class ExportJobConfiguration {

  public static final String JOB_NAME = "portabilityExport";
  /** Items are pages (see SnapshotReader): a chunk of 5 commits every 5000 pipelines or stages, or every ~5 MB of JSON. */
  private static final int PAGES_PER_CHUNK = 5;
  /** Pipelines and stages: a page is 1000 records. */
  private static final int RECORDS_PER_PAGE = 1000;
  /** Opportunities: a page is 8 encoded JSON pages of up to 128 KB, about 2000 records. */
  private static final int JSON_PAGES_PER_PAGE = 8;

  @Bean
  public Job exportJob(JobRepository jobRepository, RunningExecution running, Step exportBegin, Step exportPipelines,
                       Step exportStages, Step exportOpportunities, Step exportFinish) {
    return new JobBuilder(JOB_NAME, jobRepository).listener(running)
        .start(exportBegin).next(exportPipelines).next(exportStages).next(exportOpportunities).next(exportFinish)
        .build();
  }

  @Bean
  @JobScope
  public ExportSession exportSession(DataSource dataSource, ChunksRepository chunks, ObjectMapper bundleMapper,
                                     @Value("#{jobParameters['" + JobParams.ORG_ID + "']}") String orgId,
                                     @Value("#{jobParameters['" + JobParams.JOB_ID + "']}") String jobId,
                                     @Value("#{jobParameters['" + JobParams.LOCAL_FILE + "']}") String localFile,
                                     @Value("#{jobParameters['" + JobParams.LEASE_OWNER + "']}") String leaseOwner,
                                     @Value("#{jobParameters['" + JobParams.ATTEMPT + "']}") Long attempt) {
    UUID org = UUID.fromString(orgId);
    BundleSink sink = localFile == null
        ? BundleSink.chunks(chunks, org, UUID.fromString(jobId), new LeaseHolder(leaseOwner, attempt.intValue()))
        : BundleSink.file(Path.of(localFile));
    return new ExportSession(dataSource, sink, org, bundleMapper);
  }

  @Bean
  public Step exportBegin(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                          ExportSession exportSession) {
    return new StepBuilder("exportBegin", jobRepository).tasklet((contribution, context) -> {
      exportSession.begin();
      return RepeatStatus.FINISHED;
    }, transactionManager).build();
  }

  @Bean
  public Step exportFinish(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                           ExportSession exportSession) {
    return new StepBuilder("exportFinish", jobRepository).tasklet((contribution, context) -> {
      long bytes = exportSession.finish();
      var shared = context.getStepContext().getStepExecution().getJobExecution().getExecutionContext();
      shared.putLong("bundle_bytes", bytes);
      for (String section : BundleFormat.SECTIONS) {
        shared.putLong("rows." + section, exportSession.expected(section));
      }
      return RepeatStatus.FINISHED;
    }, transactionManager).build();
  }

  @Bean
  public Step exportPipelines(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                              ItemStreamReader<List<BundlePipeline>> pipelineReader,
                              ItemStreamWriter<List<BundlePipeline>> pipelineWriter) {
    return new StepBuilder("exportPipelines", jobRepository)
        .<List<BundlePipeline>, List<BundlePipeline>>chunk(PAGES_PER_CHUNK)
        .transactionManager(transactionManager).reader(pipelineReader).writer(pipelineWriter).build();
  }

  @Bean
  public Step exportStages(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                           ItemStreamReader<List<BundleStage>> stageReader,
                           ItemStreamWriter<List<BundleStage>> stageWriter) {
    return new StepBuilder("exportStages", jobRepository).<List<BundleStage>, List<BundleStage>>chunk(PAGES_PER_CHUNK)
        .transactionManager(transactionManager).reader(stageReader).writer(stageWriter).build();
  }

  @Bean
  public Step exportOpportunities(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                                  ItemStreamReader<List<JsonPage>> opportunityReader,
                                  ItemStreamWriter<List<JsonPage>> opportunityWriter) {
    return new StepBuilder("exportOpportunities", jobRepository)
        .<List<JsonPage>, List<JsonPage>>chunk(PAGES_PER_CHUNK)
        .transactionManager(transactionManager).reader(opportunityReader).writer(opportunityWriter).build();
  }

  @Bean
  @StepScope
  public SnapshotReader<BundlePipeline> pipelineReader(ExportSession exportSession) {
    return new SnapshotReader<>(exportSession, ExportRepository::pipelines, RECORDS_PER_PAGE);
  }

  @Bean
  @StepScope
  public SnapshotReader<BundleStage> stageReader(ExportSession exportSession) {
    return new SnapshotReader<>(exportSession, ExportRepository::stages, RECORDS_PER_PAGE);
  }

  @Bean
  @StepScope
  public SnapshotReader<JsonPage> opportunityReader(ExportSession exportSession, ObjectMapper bundleMapper) {
    return new SnapshotReader<>(exportSession, new OpportunityCopy(bundleMapper.getFactory()), JSON_PAGES_PER_PAGE);
  }

  @Bean
  @StepScope
  public SectionWriter<BundlePipeline> pipelineWriter(ExportSession exportSession, ObjectMapper bundleMapper,
                                                      Progress progress) {
    return new SectionWriter<>(exportSession, BundleFormat.PIPELINES, bundleMapper.writerFor(BundlePipeline.class),
        progress);
  }

  @Bean
  @StepScope
  public SectionWriter<BundleStage> stageWriter(ExportSession exportSession, ObjectMapper bundleMapper,
                                                Progress progress) {
    return new SectionWriter<>(exportSession, BundleFormat.STAGES, bundleMapper.writerFor(BundleStage.class), progress);
  }

  @Bean
  @StepScope
  public PageWriter opportunityWriter(ExportSession exportSession, Progress progress) {
    return new PageWriter(exportSession, BundleFormat.OPPORTUNITIES, progress);
  }
}
