package io.drippulse.crm.worker.export;

import java.sql.Connection;
import java.util.UUID;
import java.util.function.Consumer;

/** Streams one section's rows out of the snapshot, in bundle order. Runs on the reader thread. */
@FunctionalInterface
public interface RowSource<T> {

  void stream(Connection snapshot, UUID orgId, Consumer<T> sink) throws Exception;
}
