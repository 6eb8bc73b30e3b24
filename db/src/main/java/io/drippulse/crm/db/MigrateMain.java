package io.drippulse.crm.db;

/** {@code java -jar db.jar}: apply pending migrations to DATABASE_URL and exit (the Helm hook Job). */
public final class MigrateMain {

  private MigrateMain() {
  }

  public static void main(String[] args) {
    String url = System.getenv().getOrDefault("DATABASE_URL", DatabaseUrl.DEFAULT);
    try {
      var result = Migrations.migrate(DatabaseUrl.parse(url));
      System.out.println("migrations applied: " + result.migrationsExecuted + ", schema version " + Migrations.versionAfter(result));
    } catch (RuntimeException e) {
      System.err.println("migration failed: " + e.getMessage());
      System.exit(1);
    }
  }
}
