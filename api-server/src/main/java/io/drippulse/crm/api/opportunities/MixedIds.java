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

  /**
   * The same ids side by side with the list as sent: at each index, the UUID or the public id it is (the
   * other null; both null for anything else), for a statement that keeps the client's order.
   */
  record InOrder(UUID[] uuids, String[] publicIds) {

    static InOrder of(List<String> raw) {
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
      return new InOrder(uuids, publicIds);
    }
  }

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
