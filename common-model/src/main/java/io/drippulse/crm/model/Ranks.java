package io.drippulse.crm.model;

/**
 * Order within a stage is a gapped bigint rank (db migration V5); the API's 0-based stage_position is
 * derived from it on read. Whoever appends (the api-server, the import) leaves this gap after the stage's
 * last rank, so cards later placed between two appended ones find room.
 */
public final class Ranks {

  /** 2^20 between appended cards: 20 halvings before a spot needs a respread, 2^43 appends before overflow. */
  public static final long GAP = 1L << 20;

  private Ranks() {
  }
}
