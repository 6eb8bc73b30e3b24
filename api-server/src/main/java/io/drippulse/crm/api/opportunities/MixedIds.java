package io.drippulse.crm.api.opportunities;

import io.drippulse.crm.model.Ids;
import java.util.List;
import java.util.UUID;

/**
 * A list of card ids as a client sends them (reorder, bulk move): public ids and UUIDs mixed, as two arrays
 * side by side with the list, holding at each index the UUID or the public id that entry is (the other
 * null; both null for anything else, which matches no card and so comes back as an offender from the
 * caller's own check). Statements look them up with {@code = ANY}, which passes over the nulls, or unnest
 * them together to keep the client's order.
 */
record MixedIds(UUID[] uuids, String[] publicIds) {

  static MixedIds of(List<String> raw) {
    UUID[] uuids = new UUID[raw.size()];
    String[] publicIds = new String[raw.size()];
    for (int i = 0; i < raw.size(); i++) {
      String id = raw.get(i);
      if (Ids.isPublicId(id)) {
        publicIds[i] = id;
      } else {
        uuids[i] = Ids.parseUuid(id).orElse(null);
      }
    }
    return new MixedIds(uuids, publicIds);
  }
}
