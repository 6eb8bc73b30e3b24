package io.drippulse.crm.worker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import io.drippulse.crm.model.Ids;

/** A parsed command line. Anything it cannot make sense of is an {@link IllegalArgumentException} with a sentence. */
record Command(String name, List<UUID> orgs, Path file, boolean dryRun) {

  static final String USAGE = """
      usage: portability-worker serve
             portability-worker export --org <uuid> --out FILE
             portability-worker import --org <uuid> --in FILE [--dry-run]
             portability-worker enqueue-export --org <uuid> [--org <uuid>...]
      environment: DATABASE_URL, DB_MIGRATE, DB_POOL_SIZE, JOB_LEASE_SECONDS, JOB_POLL_SECONDS, JOB_MAX_ATTEMPTS,
                   STOP_GRACE_SECONDS, CLI_RESUME_WINDOW, METRICS_PORT, LOG_FORMAT, BUNDLE_RETENTION_DAYS,
                   CLEANUP_INTERVAL""";

  static Command parse(String[] args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("no command given");
    }
    String name = args[0];
    List<UUID> orgs = new ArrayList<>();
    Path in = null;
    Path out = null;
    boolean dryRun = false;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--org" -> orgs.add(Ids.parseUuid(value(args, ++i, "--org"))
            .orElseThrow(() -> new IllegalArgumentException("--org must be an organization UUID")));
        case "--in" -> in = Path.of(value(args, ++i, "--in"));
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        case "--dry-run" -> dryRun = true;
        default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
    }
    return switch (name) {
      case "serve" -> expect(new Command(name, orgs, null, dryRun), 0, false, false);
      case "export" -> expect(new Command(name, orgs, require(out, "--out"), false), 1, in != null, dryRun);
      case "import" -> expect(new Command(name, orgs, require(in, "--in"), dryRun), 1, out != null, false);
      case "enqueue-export" -> expect(new Command(name, orgs, null, false), -1, in != null || out != null, dryRun);
      default -> throw new IllegalArgumentException("unknown command '" + name + "'");
    };
  }

  private static Command expect(Command command, int orgCount, boolean strayFile, boolean strayDryRun) {
    if (orgCount == 0 && !command.orgs.isEmpty() || orgCount == 1 && command.orgs.size() != 1
        || orgCount < 0 && command.orgs.isEmpty()) {
      throw new IllegalArgumentException(command.name + (orgCount == 0 ? " takes no --org"
          : orgCount == 1 ? " needs exactly one --org" : " needs at least one --org"));
    }
    if (strayFile || strayDryRun || command.name.equals("serve") && command.dryRun) {
      throw new IllegalArgumentException(command.name + " does not take that option");
    }
    return command;
  }

  private static Path require(Path path, String option) {
    if (path == null) {
      throw new IllegalArgumentException(option + " FILE is required");
    }
    return path.toAbsolutePath().normalize();
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  UUID org() {
    return orgs.get(0);
  }
}
