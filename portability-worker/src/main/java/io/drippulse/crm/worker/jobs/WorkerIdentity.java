package io.drippulse.crm.worker.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Optional;

/**
 * Who holds a lease: {@code host:pid:start-millis}. Besides naming the owner, it lets a worker on the same
 * host see at once that a lease's owner process is gone (a {@code kill -9}) instead of waiting for the lease
 * to run out; the start time guards against a reused pid.
 */
public final class WorkerIdentity {

  private final String host;
  private final String id;

  public WorkerIdentity() {
    this.host = hostName();
    ProcessHandle self = ProcessHandle.current();
    this.id = host + ":" + self.pid() + ":" + startMillis(self).orElse(0L);
  }

  public String id() {
    return id;
  }

  /** The LIKE pattern of leases held by processes of this host. */
  public String hostPattern() {
    return host.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ":%";
  }

  /** True when {@code owner} names a process of this host that no longer runs. */
  public boolean isDeadLocalProcess(String owner) {
    String[] parts = owner.split(":");
    if (parts.length != 3 || !parts[0].equals(host)) {
      return false;
    }
    try {
      long pid = Long.parseLong(parts[1]);
      long started = Long.parseLong(parts[2]);
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      return process.isEmpty() || !process.get().isAlive()
          || startMillis(process.get()).map(s -> s != started).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Optional<Long> startMillis(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toEpochMilli);
  }

  private static String hostName() {
    String fromEnv = System.getenv("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.replace(":", "_");
    }
    try {
      return InetAddress.getLocalHost().getHostName().replace(":", "_");
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
