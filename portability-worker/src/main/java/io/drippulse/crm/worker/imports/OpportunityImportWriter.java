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
import java.util.UUID;

/**
 * Opportunities, a chunk at a time: resolve each row's stage through the id map, then, holding the stage
 * rows locked (the lock every writer of positions takes), append the new ones at the end of their stage in
 * bundle order and record their first stage transition. The chunk is first tried as a blind insert; only
 * if some row already exists (a re-import, a restore) are existing rows looked up and skipped. Positions
 * stay dense however the live API writes to the same stages meanwhile.
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
    Map<UUID, String> stageNames = Map.of();
    if (!target.dryRun()) {
      stageNames = repository.lockStages(org, placed.stream().map(p -> p.stage().targetId()).distinct()
          .toArray(UUID[]::new));
      if (repository.tryInsertOpportunities(org, positioned(org, placed, stageNames), target.requestedBy())) {
        tally.created(placed.size());
        return;
      }
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
      insert(org, fresh, stageNames);
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

  /** The rows with the positions they take at the end of their stages, in chunk (bundle) order. */
  private List<ImportRepository.NewOpportunity> positioned(UUID org, List<Placed> rows, Map<UUID, String> stageNames) {
    UUID[] stageIds = rows.stream().map(p -> p.stage().targetId()).distinct().toArray(UUID[]::new);
    Map<UUID, Integer> next = repository.nextPositions(org, stageIds);
    List<ImportRepository.NewOpportunity> positioned = new ArrayList<>(rows.size());
    for (Placed p : rows) {
      UUID stage = p.stage().targetId();
      int position = next.merge(stage, 1, Integer::sum) - 1;
      positioned.add(new ImportRepository.NewOpportunity(p.id(), p.stage().targetParentId(), stage,
          stageNames.get(stage), position, p.checked().row()));
    }
    return positioned;
  }

  private void insert(UUID org, List<Placed> fresh, Map<UUID, String> stageNames) {
    List<ImportRepository.NewOpportunity> rows = positioned(org, fresh, stageNames);
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
