package io.drippulse.crm.api.admin;

import io.drippulse.crm.api.Database;
import io.drippulse.crm.api.apikeys.ApiKeyRepository;
import io.drippulse.crm.api.apikeys.ApiKeys;
import io.drippulse.crm.api.auth.TenantRepository;
import io.drippulse.crm.api.config.AppConfig.DatabaseSettings;
import io.drippulse.crm.db.settings.SettingException;
import io.drippulse.crm.api.config.ConfigLoader;
import io.drippulse.crm.db.DatabaseUrl;
import io.drippulse.crm.db.Migrations;
import io.drippulse.crm.model.Ids;
import io.drippulse.crm.model.Names;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.PrintStream;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code api-server.jar create-api-key --org <uuid> --name <name>}: an org-scoped API key made from the
 * command line (an integration set up before anyone signs in), through the same key format, hash and
 * SQL as {@code POST /api/v1/api_keys}. The key goes to stdout, alone, once; everything else to stderr.
 * Exit codes: 0 created, 1 the database refused, 2 bad command line or configuration.
 */
public final class CreateApiKeyCommand {

  public static final String NAME = "create-api-key";
  public static final String USAGE = "usage: java -jar api-server.jar create-api-key --org <uuid> --name <name>";
  /** A key records who created it (a user of its org); keys made here are attributed to this one. */
  public static final String CREATED_BY = "admin-cli";

  private final PrintStream out;
  private final PrintStream err;

  public CreateApiKeyCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** The command line, for picocli. */
  @Command(name = NAME)
  private static final class Options {
    @Option(names = "--org", required = true, paramLabel = "<uuid>") String org;
    @Option(names = "--name", required = true, paramLabel = "<name>") String name;
  }

  /** {@code args} without the command name. */
  public int run(String[] args) {
    UUID orgId;
    String name;
    try {
      Options options = new Options();
      new CommandLine(options).parseArgs(args);
      orgId = Ids.parseUuid(options.org).orElseThrow(() -> new IllegalArgumentException("--org must be a UUID"));
      name = Names.clean(options.name)
          .orElseThrow(() -> new IllegalArgumentException("--name must be 1 to " + Names.MAX_LENGTH + " characters"));
    } catch (ParameterException | IllegalArgumentException e) {
      return usage(e.getMessage());
    }
    Vertx vertx = Vertx.vertx();
    try {
      return create(vertx, orgId, name);
    } finally {
      vertx.close().await();
    }
  }

  private int create(Vertx vertx, UUID orgId, String name) {
    DatabaseSettings database;
    try {
      database = ConfigLoader.raw(vertx, new JsonObject()).map(DatabaseSettings::from).await();
    } catch (SettingException e) {
      err.println(NAME + ": " + e.getMessage());
      return 2;
    }
    Pool pool = null;
    try {
      if (database.migrate()) {
        Migrations.migrate(database.url());
      }
      pool = pool(vertx, database.url());
      ApiKeyRepository keys = new ApiKeyRepository(pool);
      String key = ApiKeys.generate(orgId);
      JsonObject created = new TenantRepository(pool).ensure(orgId, CREATED_BY)
          .compose(recorded -> keys.create(orgId, name, ApiKeys.hash(key), CREATED_BY))
          .await();
      out.println(key);
      err.println("Created API key " + created.getString("id") + " '" + name + "' for organization " + orgId
          + ". The key is printed above only this once: store it now.");
      return 0;
    } catch (Exception e) { // await() rethrows a failure as is, checked ones too (a refused connection)
      err.println(NAME + ": could not create the key in " + database.url() + " (DATABASE_URL): " + e.getMessage());
      return 1;
    } finally {
      if (pool != null) {
        pool.close().await();
      }
    }
  }

  private int usage(String problem) {
    err.println(NAME + ": " + problem);
    err.println(USAGE);
    return 2;
  }

  /** One connection is all a single insert needs. */
  private static Pool pool(Vertx vertx, DatabaseUrl url) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(Database.connectOptions(url)).using(vertx).build();
  }
}
