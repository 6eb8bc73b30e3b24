package io.drippulse.crm.worker.imports;

import io.drippulse.crm.model.StageTemplate;
import io.drippulse.crm.model.bundle.BundleFormat;
import io.drippulse.crm.model.bundle.BundleStage;
import io.drippulse.crm.model.bundle.Checked;
import io.drippulse.crm.worker.Progress;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Stages land in the pipeline their bundle pipeline landed in: on the stage with their target id if it is
 * there, else on the stage of the same name (so the org default's stages match by name), else an
 * unassigned stage on the pipeline's unassigned stage; otherwise they are appended after the last stage.
 */
class StageImportWriter extends SectionWriterSupport<BundleStage> {

  static final String KIND = "stage";

  StageImportWriter(ImportTarget target, ImportRepository repository, Progress progress) {
    super(BundleFormat.STAGES, target, repository, progress);
  }

  @Override
  protected void writeValid(List<Checked<BundleStage>> rows, List<Checked<?>> rejected) {
    Set<UUID> locked = new HashSet<>();
    for (Checked<BundleStage> checked : rows) {
      BundleStage row = checked.row();
      Optional<ImportRepository.Mapped> pipeline = repository.mapped(target, PipelineImportWriter.KIND, row.pipelineId());
      if (pipeline.isEmpty()) {
        rejected.add(checked.reject("pipeline_id " + row.pipelineId()
            + " is not a pipeline of the bundle (missing, or skipped as invalid)"));
      } else if (repository.mapped(target, KIND, row.id()).isPresent()) {
        rejected.add(checked.reject("id " + row.id() + " appears more than once in the stages section"));
      } else {
        UUID targetPipeline = pipeline.get().targetId();
        if (!target.dryRun() && locked.add(targetPipeline)) {
          repository.lockPipeline(target.targetOrg(), targetPipeline);
        }
        land(checked, targetPipeline, pipeline.get().orgDefault(), rejected);
      }
    }
  }

  private void land(Checked<BundleStage> checked, UUID targetPipeline, boolean orgDefault, List<Checked<?>> rejected) {
    BundleStage row = checked.row();
    UUID org = target.targetOrg();
    UUID candidate = target.targetId(row.id());
    Optional<ImportRepository.StageRef> byId = repository.stage(org, candidate);
    if (byId.isPresent() && !byId.get().pipelineId().equals(targetPipeline)) {
      rejected.add(checked.reject("stage id " + candidate + " already belongs to another pipeline of this organization"));
      return;
    }
    Optional<ImportRepository.StageRef> existing = byId
        .or(() -> repository.stageByName(org, targetPipeline, row.name()))
        // a dry run inserts nothing, so the stages it counted as created are found in the job's id map
        .or(() -> target.dryRun() ? repository.plannedStage(target, targetPipeline, row.name()) : Optional.empty())
        .or(() -> row.isUnassigned() ? repository.unassignedStage(org, targetPipeline) : Optional.empty())
        .or(() -> orgDefault && target.dryRun() ? templateStage(targetPipeline, row) : Optional.empty());
    UUID targetId;
    String name;
    if (existing.isPresent()) {
      tally.existing(1);
      targetId = existing.get().id();
      name = existing.get().name();
    } else {
      if (!target.dryRun()) {
        repository.insertStage(org, candidate, targetPipeline, row);
      }
      tally.created(1);
      targetId = candidate;
      name = row.name();
    }
    repository.map(target, KIND, new ImportRepository.Mapped(row.id(), targetId, row.pipelineId(), targetPipeline,
        name, false));
  }

  /**
   * A dry run into an organization without an org default creates none, but the import would create it
   * with the template's six stages before the bundle's stages land: the bundle's stages matching those
   * (by name, or the unassigned one) are counted as existing, exactly as the import will count them.
   */
  private Optional<ImportRepository.StageRef> templateStage(UUID targetPipeline, BundleStage row) {
    if (repository.orgDefault(target.targetOrg()).isPresent()) {
      return Optional.empty(); // it exists, so the lookups above already saw its real stages
    }
    return StageTemplate.DEFAULT_STAGES.stream().filter(stage -> stage.name().equalsIgnoreCase(row.name())).findFirst()
        .or(() -> StageTemplate.DEFAULT_STAGES.stream().filter(stage -> row.isUnassigned() && stage.unassigned()).findFirst())
        .map(stage -> new ImportRepository.StageRef(target.targetId(new UUID(targetPipeline.getMostSignificantBits(),
            stage.name().hashCode())), targetPipeline, stage.name()));
  }
}
