package io.drippulse.crm.model;

import java.util.List;

/** A stage as the org default pipeline starts with it; user pipelines are cloned from the org default's current stages. */
public record StageTemplate(String name, int probability, StageKind kind, boolean unassigned) {

  public static final String DEFAULT_PIPELINE_NAME = "Default pipeline";

  public static final List<StageTemplate> DEFAULT_STAGES = List.of(
      new StageTemplate("Unassigned", 0, StageKind.OPEN, true),
      new StageTemplate("Qualification", 20, StageKind.OPEN, false),
      new StageTemplate("Proposal", 50, StageKind.OPEN, false),
      new StageTemplate("Negotiation", 75, StageKind.OPEN, false),
      new StageTemplate("Won", 100, StageKind.WON, false),
      new StageTemplate("Lost", 0, StageKind.LOST, false));
}
