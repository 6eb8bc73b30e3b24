package io.drippulse.crm.api.events;

/** Every event name of PRODUCT.md §9.2; the wire name is what {@code event:} and {@code "type"} carry. */
public enum EventType {
  OPPORTUNITY_CREATED("opportunity.created"),
  OPPORTUNITY_UPDATED("opportunity.updated"),
  OPPORTUNITY_MOVED("opportunity.moved"),
  OPPORTUNITY_DELETED("opportunity.deleted"),
  OPPORTUNITY_RESTORED("opportunity.restored"),
  OPPORTUNITIES_REORDERED("opportunities.reordered"),
  OPPORTUNITIES_BULK_MOVED("opportunities.bulk_moved"),
  PIPELINE_CREATED("pipeline.created"),
  PIPELINE_UPDATED("pipeline.updated"),
  PIPELINE_DELETED("pipeline.deleted"),
  BUNDLE_IMPORTED("bundle.imported");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
