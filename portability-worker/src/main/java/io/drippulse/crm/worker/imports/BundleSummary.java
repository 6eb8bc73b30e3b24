package io.drippulse.crm.worker.imports;

import java.util.Map;
import java.util.UUID;

/** What a full scan of a bundle found: the organization it came from and how many rows each section holds. */
public record BundleSummary(UUID sourceOrgId, Map<String, Long> rows) {

  public long rows(String section) {
    return rows.getOrDefault(section, 0L);
  }
}
