package io.drippulse.crm.worker.imports;

import io.drippulse.crm.model.bundle.BundleFormat;
import io.drippulse.crm.model.bundle.BundleOpportunity;
import io.drippulse.crm.model.bundle.Checked;
import io.drippulse.crm.worker.Progress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Opportunities, a chunk at a time: resolve each row's stage through the id map, skip rows already in the
 * org, then, holding the stage rows locked (the lock every writer of positions takes), append the new ones
 * at the end of their stage in bundle order and record their first stage transition. Positions stay
 * dense however the live API writes to the same stages meanwhile.
 */
class OpportunityImportWriter extends SectionWriterSupport<BundleOpportunity> {

  /** Distinct stages of a bundle are few; the bound only protects memory from a pathological bundle. */
  private static final int STAGE_CACHE_LIMIT = 10_000;

  private final Map<UUID, Optional<ImportRepository.Mapped>> stages = new HashMap<>();

  OpportunityImportWriter(ImportTarget target, ImportRepository repository, Progress progress) {
    super(BundleFormat.OPPORTUNITIES, target, repository, progress);
  }

  private record Placed(Checked<BundleOpportunity> checked, UUID id, ImportRepository.Mapped stage) {
  }

  @Override
  protected void writeValid(List<Checked<BundleOpportunity>> rows, List<Checked<?>> rejected) {
    List<Placed> placed = resolveStages(rows, rejected);
    if (placed.isEmpty()) {
      return;
    }
    UUID org = target.targetOrg();
    if (!target.dryRun()) {
      repository.lockStages(org, placed.stream().map(p -> p.stage().targetId()).distinct().toArray(UUID[]::new));
    }
    Map<UUID, String> existing = repository.existingOpportunities(org,
        placed.stream().map(Placed::id).toArray(UUID[]::new),
        placed.stream().map(p -> p.checked().row().publicId()).toArray(String[]::new));
    Set<String> takenPublicIds = new HashSet<>(existing.values());
    List<Placed> fresh = new ArrayList<>();
    for (Placed p : placed) {
      String publicId = p.checked().row().publicId();
      if (existing.containsKey(p.id())) {
        tally.existing(1);
      } else if (!takenPublicIds.add(publicId)) {
        rejected.add(p.checked().reject("public_id " + publicId + " already belongs to another opportunity"));
      } else {
        fresh.add(p);
      }
    }
    if (!fresh.isEmpty() && !target.dryRun()) {
      insert(org, fresh);
    }
    tally.created(fresh.size());
  }

  private List<Placed> resolveStages(List<Checked<BundleOpportunity>> rows, List<Checked<?>> rejected) {
    Map<UUID, Placed> byId = new LinkedHashMap<>();
    for (Checked<BundleOpportunity> checked : rows) {
      BundleOpportunity row = checked.row();
      Optional<ImportRepository.Mapped> stage = stage(row.pipelineStageId());
      if (stage.isEmpty()) {
        rejected.add(checked.reject("pipeline_stage_id " + row.pipelineStageId()
            + " is not a stage of the bundle (missing, or skipped as invalid)"));
      } else if (!stage.get().sourceParentId().equals(row.pipelineId())) {
        rejected.add(checked.reject("pipeline_stage_id " + row.pipelineStageId() + " is a stage of pipeline "
            + stage.get().sourceParentId() + ", not of pipeline_id " + row.pipelineId()));
      } else if (byId.putIfAbsent(row.id(), new Placed(checked, target.targetId(row.id()), stage.get())) != null) {
        tally.existing(1);
      }
    }
    return new ArrayList<>(byId.values());
  }

  private void insert(UUID org, List<Placed> fresh) {
    UUID[] stageIds = new TreeSet<>(fresh.stream().map(p -> p.stage().targetId()).toList()).toArray(UUID[]::new);
    Map<UUID, Integer> next = repository.nextPositions(org, stageIds);
    List<ImportRepository.NewOpportunity> rows = new ArrayList<>(fresh.size());
    for (Placed p : fresh) {
      UUID stage = p.stage().targetId();
      int position = next.merge(stage, 1, Integer::sum) - 1;
      rows.add(new ImportRepository.NewOpportunity(p.id(), p.stage().targetParentId(), stage, position, p.checked().row()));
    }
    int inserted = repository.insertOpportunities(org, rows, target.requestedBy());
    if (inserted != rows.size()) {
      throw new IllegalStateException("another writer created " + (rows.size() - inserted)
          + " of this chunk's opportunities at the same time; the chunk is rolled back");
    }
  }

  private Optional<ImportRepository.Mapped> stage(UUID sourceStageId) {
    if (stages.size() >= STAGE_CACHE_LIMIT) {
      stages.clear();
    }
    return stages.computeIfAbsent(sourceStageId, id -> repository.mapped(target, StageImportWriter.KIND, id));
  }
}
