package io.drippulse.crm.worker;

import io.drippulse.crm.model.Ids;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

/**
 * A parsed command line, declared for picocli below (one small class per command, its options as fields).
 * Anything it cannot make sense of is an {@link IllegalArgumentException} with picocli's sentence.
 */
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
    CommandLine cli = new CommandLine(new Root()).registerConverter(UUID.class, Command::organization);
    try {
      ParseResult parsed = cli.parseArgs(args).subcommand();
      if (parsed == null) {
        throw new IllegalArgumentException(args.length == 0 ? "no command given" : "unknown command '" + args[0] + "'");
      }
      return ((Parsed) parsed.commandSpec().userObject()).command();
    } catch (ParameterException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  UUID org() {
    return orgs.get(0);
  }

  private static UUID organization(String value) {
    return Ids.parseUuid(value).orElseThrow(() -> new TypeConversionException("--org must be an organization UUID"));
  }

  private static Path absolute(Path file) {
    return file.toAbsolutePath().normalize();
  }

  private interface Parsed {
    Command command();
  }

  @CommandLine.Command(name = "portability-worker", subcommands = {Serve.class, Export.class, Import.class, EnqueueExport.class})
  private static final class Root {
  }

  @CommandLine.Command(name = "serve")
  private static final class Serve implements Parsed {
    public Command command() {
      return new Command("serve", List.of(), null, false);
    }
  }

  @CommandLine.Command(name = "export")
  private static final class Export implements Parsed {
    @Option(names = "--org", required = true, paramLabel = "<uuid>") UUID org;
    @Option(names = "--out", required = true, paramLabel = "FILE") Path out;

    public Command command() {
      return new Command("export", List.of(org), absolute(out), false);
    }
  }

  @CommandLine.Command(name = "import")
  private static final class Import implements Parsed {
    @Option(names = "--org", required = true, paramLabel = "<uuid>") UUID org;
    @Option(names = "--in", required = true, paramLabel = "FILE") Path in;
    @Option(names = "--dry-run") boolean dryRun;

    public Command command() {
      return new Command("import", List.of(org), absolute(in), dryRun);
    }
  }

  @CommandLine.Command(name = "enqueue-export")
  private static final class EnqueueExport implements Parsed {
    @Option(names = "--org", required = true, paramLabel = "<uuid>") List<UUID> orgs;

    public Command command() {
      return new Command("enqueue-export", List.copyOf(orgs), null, false);
    }
  }
}
