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
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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

  /** {@code args} without the command name. */
  public int run(String[] args) {
    UUID orgId;
    String name;
    try {
      Map<String, String> options = options(args);
      orgId = Ids.parseUuid(options.get("--org")).orElseThrow(() -> new IllegalArgumentException("--org must be a UUID"));
      name = Names.clean(options.get("--name"))
          .orElseThrow(() -> new IllegalArgumentException("--name must be 1 to " + Names.MAX_LENGTH + " characters"));
    } catch (IllegalArgumentException e) {
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

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!Set.of("--org", "--name").contains(args[i])) {
        throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      if (options.put(args[i], args[i + 1]) != null) {
        throw new IllegalArgumentException(args[i] + " is given twice");
      }
    }
    for (String required : new String[] {"--org", "--name"}) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException(required + " is required");
      }
    }
    return options;
  }

  /** One connection is all a single insert needs. */
  private static Pool pool(Vertx vertx, DatabaseUrl url) {
    return PgBuilder.pool().with(new PoolOptions().setMaxSize(1)).connectingTo(Database.connectOptions(url)).using(vertx).build();
  }
}
