package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.model.Ids;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A list of card ids as a client sends them (reorder, bulk move): public ids and UUIDs mixed, split into the
 * two arrays the statements look them up by. Anything that is neither matches no card, so it comes back
 * as an offender from the caller's own check.
 */
record MixedIds(UUID[] uuids, String[] publicIds) {

  static MixedIds of(List<String> raw) {
    List<UUID> uuids = new ArrayList<>();
    List<String> publicIds = new ArrayList<>();
    for (String id : raw) {
      if (Ids.isPublicId(id)) {
        publicIds.add(id);
      } else {
        Ids.parseUuid(id).ifPresent(uuids::add);
      }
    }
    return new MixedIds(uuids.toArray(UUID[]::new), publicIds.toArray(String[]::new));
  }
}
