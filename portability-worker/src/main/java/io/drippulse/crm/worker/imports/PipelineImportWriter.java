package io.drippulse.crm.worker.imports;

import io.drippulse.crm.model.bundle.BundleFormat;
import io.drippulse.crm.model.bundle.BundlePipeline;
import io.drippulse.crm.model.bundle.Checked;
import io.drippulse.crm.worker.Progress;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Pipelines: the bundle's org default lands on the target's org default (created as the api-server would
 * if the org has none yet); every other pipeline is created under its target id unless it exists.
 */
class PipelineImportWriter extends SectionWriterSupport<BundlePipeline> {

  static final String KIND = "pipeline";

  PipelineImportWriter(ImportTarget target, ImportRepository repository, Progress progress) {
    super(BundleFormat.PIPELINES, target, repository, progress);
  }

  @Override
  protected void writeValid(List<Checked<BundlePipeline>> rows, List<Checked<?>> rejected) {
    if (!target.dryRun() && !rows.isEmpty()) {
      repository.ensureOrganization(target.targetOrg());
    }
    for (Checked<BundlePipeline> checked : rows) {
      BundlePipeline row = checked.row();
      if (repository.mapped(target, KIND, row.id()).isPresent()) {
        rejected.add(checked.reject("id " + row.id() + " appears more than once in the pipelines section"));
      } else if (row.isOrgDefault() && repository.orgDefaultMapped(target)) {
        rejected.add(checked.reject("a second org default pipeline; a bundle has at most one"));
      } else {
        UUID targetId = row.isOrgDefault() ? landOrgDefault(row) : landOwned(row);
        repository.map(target, KIND, new ImportRepository.Mapped(row.id(), targetId, null, null, row.name(),
            row.isOrgDefault()));
      }
    }
  }

  private UUID landOrgDefault(BundlePipeline row) {
    Optional<UUID> existing = repository.orgDefault(target.targetOrg());
    if (existing.isPresent()) {
      tally.existing(1);
      return existing.get();
    }
    UUID id = target.targetId(row.id());
    if (target.dryRun() || repository.createOrgDefault(target.targetOrg(), id)) {
      tally.created(1);
      return id;
    }
    tally.existing(1);
    return repository.orgDefault(target.targetOrg()).orElseThrow();
  }

  private UUID landOwned(BundlePipeline row) {
    UUID id = target.targetId(row.id());
    if (repository.pipeline(target.targetOrg(), id).isPresent()) {
      tally.existing(1);
      return id;
    }
    if (!target.dryRun()) {
      repository.ensureUser(target.targetOrg(), row.userId());
      if (!repository.insertPipeline(target.targetOrg(), id, row)) {
        tally.existing(1);
        return id;
      }
    }
    tally.created(1);
    return id;
  }
}
