package io.drippulse.crm.worker;

import com.fasterxml.jackson.core.JsonGenerator;
import io.drippulse.crm.model.bundle.BundleFormat;
import java.io.File;
import java.io.IOException;
import java.util.UUID;

/**
 * A generated bundle of any size, written as a stream: 3 pipelines (the first the org default) of 6 stages,
 * opportunity i in stage i % 18 at position i / 18, named "Deal i".
 */
final class BigBundle {

  static final int STAGES = 18;

  private BigBundle() {
  }

  static UUID pipeline(UUID source, int p) {
    return new UUID(source.getMostSignificantBits(), 0x1000L + p);
  }

  static UUID stage(UUID source, int s) {
    return new UUID(source.getMostSignificantBits(), 0x2000L + s);
  }

  static void write(File file, UUID source, int opportunities) {
    try (JsonGenerator g = BundleFormat.mapper().getFactory().createGenerator(file, com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("format", BundleFormat.FORMAT);
      g.writeNumberField("version", BundleFormat.VERSION);
      g.writeStringField("source_org_id", source.toString());
      g.writeArrayFieldStart("pipelines");
      for (int p = 0; p < 3; p++) {
        g.writeStartObject();
        g.writeStringField("id", pipeline(source, p).toString());
        g.writeStringField("name", p == 0 ? "Default pipeline" : "Pipeline " + p);
        g.writeBooleanField("is_org_default", p == 0);
        g.writeStringField("user_id", p == 0 ? null : "user" + p);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("stages");
      String[] names = {"Unassigned", "Qualification", "Proposal", "Negotiation", "Won", "Lost"};
      for (int s = 0; s < STAGES; s++) {
        g.writeStartObject();
        g.writeStringField("id", stage(source, s).toString());
        g.writeStringField("pipeline_id", pipeline(source, s / 6).toString());
        g.writeStringField("name", names[s % 6]);
        g.writeNumberField("position", s % 6);
        g.writeNumberField("probability", 10 * (s % 6));
        g.writeStringField("kind", s % 6 == 4 ? "won" : s % 6 == 5 ? "lost" : "open");
        g.writeBooleanField("is_unassigned", s % 6 == 0);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("opportunities");
      for (int i = 0; i < opportunities; i++) {
        int s = i % STAGES;
        g.writeStartObject();
        g.writeStringField("id", new UUID(source.getMostSignificantBits() ^ 0x5555L, i).toString());
        g.writeStringField("public_id", String.format("opp_%012d", i));
        g.writeStringField("name", "Deal " + i);
        g.writeStringField("pipeline_id", pipeline(source, s / 6).toString());
        g.writeStringField("pipeline_stage_id", stage(source, s).toString());
        g.writeNumberField("stage_position", i / STAGES);
        g.writeStringField("amount", (i % 1000) + ".50");
        g.writeStringField("currency", "USD");
        g.writeStringField("description", "Generated deal number " + i + " for the restart test");
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** True when every stage holds positions 0..n-1 and its deals appear in bundle order ("Deal i" ascending). */
  static boolean denseAndInBundleOrder(UUID org) {
    return Db.count("SELECT count(*) FROM (SELECT pipeline_stage_id, count(*) AS n, max(stage_position) AS top,"
        + " bool_and(ordered) AS ordered FROM (SELECT pipeline_stage_id, stage_position,"
        + " substring(name from 6)::int > coalesce(lag(substring(name from 6)::int) OVER w, -1) AS ordered"
        + " FROM " + Db.POSITIONED + " WHERE org_id = ? WINDOW w AS (PARTITION BY pipeline_stage_id ORDER BY stage_position)) x"
        + " GROUP BY pipeline_stage_id) y WHERE n <> top + 1 OR NOT ordered", org) == 0;
  }
}
