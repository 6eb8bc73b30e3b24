package io.drippulse.crm.worker.imports;

import io.drippulse.crm.model.Ranks;
import io.drippulse.crm.model.bundle.BundleFormat;
import io.drippulse.crm.model.bundle.BundleOpportunity;
import io.drippulse.crm.model.bundle.Checked;
import io.drippulse.crm.worker.Progress;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Opportunities, a chunk at a time: resolve each row's stage through the id map, then, holding the stage
 * rows locked (the lock every writer of ranks and totals takes), append the new ones at the end of their
 * stage in bundle order, add them to the stage totals and record their first stage transition. The chunk is first tried as a blind insert; only
 * if some row already exists (a re-import, a restore) are existing rows looked up and skipped. The bundle's
 * stage_position is not stored: cards follow the bundle's order, and the API derives positions from ranks.
 */
class OpportunityImportWriter extends SectionWriterSupport<BundleOpportunity> {

  /** Distinct stages of a bundle are few; the bound only protects memory from a pathological bundle. */
  private static final int STAGE_CACHE_LIMIT = 10_000;
  /** Below this many rows a chunk is not worth a second connection. */
  private static final int SPLIT_FROM = 1000;

  private final Map<UUID, Optional<ImportRepository.Mapped>> stages = new HashMap<>();
  /** Opens the second connection, or is null when the pool has none to spare (or for a dry run). */
  private final Supplier<HalfChunkWriter> halfWriters;
  private volatile HalfChunkWriter halves;

  OpportunityImportWriter(ImportTarget target, ImportRepository repository, Progress progress,
                          Supplier<HalfChunkWriter> halfWriters) {
    super(BundleFormat.OPPORTUNITIES, target, repository, progress);
    this.halfWriters = target.dryRun() ? null : halfWriters;
  }

  @Override
  public void open(ExecutionContext executionContext) {
    super.open(executionContext);
    if (halfWriters != null) {
      halves = halfWriters.get();
    }
  }

  @Override
  public void close() {
    HalfChunkWriter open = halves;
    halves = null;
    if (open != null) {
      open.close();
    }
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
    long firstItem = placed.get(0).checked().index();
    Map<UUID, String> stageNames = Map.of();
    if (!target.dryRun()) {
      stageNames = repository.lockStages(org, placed.stream().map(p -> p.stage().targetId()).distinct()
          .toArray(UUID[]::new));
      if (insertBlind(org, positioned(org, placed, stageNames), firstItem)) {
        tally.created(placed.size());
        return;
      }
    }
    Map<UUID, String> existing = repository.existingOpportunities(org,
        placed.stream().map(Placed::id).toArray(UUID[]::new),
        placed.stream().map(p -> p.checked().row().publicId()).toArray(String[]::new));
    // rows an earlier attempt of this job wrote as the chunk's first half, then died before the chunk committed
    int ownHalf = target.dryRun() ? 0 : repository.half(target, firstItem);
    Set<UUID> ours = new HashSet<>();
    placed.subList(0, Math.min(ownHalf, placed.size())).forEach(p -> ours.add(p.id()));
    Set<String> takenPublicIds = new HashSet<>(existing.values());
    List<Placed> fresh = new ArrayList<>();
    for (Placed p : placed) {
      String publicId = p.checked().row().publicId();
      if (existing.containsKey(p.id()) && ours.contains(p.id())) {
        tally.created(1);
      } else if (existing.containsKey(p.id())) {
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

  /**
   * Tries the chunk as a blind insert, its first half on the second connection when the chunk is large
   * enough (see HalfChunkWriter for why that is safe); true when every row went in. The half commits first,
   * inside this transaction's stage locks; this transaction commits after, with the step's checkpoint.
   */
  private boolean insertBlind(UUID org, List<ImportRepository.NewOpportunity> rows, long firstItem) {
    HalfChunkWriter second = halves;
    if (second == null || rows.size() < SPLIT_FROM) {
      boolean written = repository.tryInsertOpportunities(org, rows, target.requestedBy(), () -> true);
      if (written) {
        repository.addToTotals(org, rows);
      }
      return written;
    }
    int half = rows.size() / 2;
    List<ImportRepository.NewOpportunity> ours = rows.subList(half, rows.size());
    second.start(target, firstItem, rows.subList(0, half));
    try {
      boolean written = repository.tryInsertOpportunities(org, ours, target.requestedBy(),
          () -> second.await() == HalfChunkWriter.Outcome.WRITTEN);
      if (written) {
        second.commit(); // with the first half's totals; ours follow, once its total rows are free
        repository.addToTotals(org, ours);
      }
      return written;
    } catch (SQLException e) {
      throw new IllegalStateException("could not commit the first half of the chunk", e);
    } finally {
      second.rollback();
    }
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

  /**
   * The rows with the ranks they take at the end of their stages, in chunk (bundle) order, a rank gap apart
   * as the API appends.
   */
  private List<ImportRepository.NewOpportunity> positioned(UUID org, List<Placed> rows, Map<UUID, String> stageNames) {
    UUID[] stageIds = rows.stream().map(p -> p.stage().targetId()).distinct().toArray(UUID[]::new);
    Map<UUID, Long> last = repository.lastRanks(org, stageIds);
    List<ImportRepository.NewOpportunity> positioned = new ArrayList<>(rows.size());
    for (Placed p : rows) {
      UUID stage = p.stage().targetId();
      long rank = last.merge(stage, Ranks.GAP, Long::sum);
      positioned.add(new ImportRepository.NewOpportunity(p.id(), p.stage().targetParentId(), stage,
          stageNames.get(stage), rank, p.checked().row()));
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
    repository.addToTotals(org, rows);
  }

  private Optional<ImportRepository.Mapped> stage(UUID sourceStageId) {
    if (stages.size() >= STAGE_CACHE_LIMIT) {
      stages.clear();
    }
    return stages.computeIfAbsent(sourceStageId, id -> repository.mapped(target, StageImportWriter.KIND, id));
  }
}
