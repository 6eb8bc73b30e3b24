package io.drippulse.crm.db;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** The last resort of {@link TestDatabase}: a throwaway PostgreSQL in Docker, for laptops without one. */
final class DockerPostgres {

  private static PostgreSQLContainer container;

  private DockerPostgres() {
  }

  static boolean available() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  static synchronized DatabaseUrl start() {
    if (container == null) {
      container = new PostgreSQLContainer("postgres:15-alpine");
      container.start();
    }
    return new DatabaseUrl(container.getHost(), container.getMappedPort(5432), container.getDatabaseName(),
        container.getUsername(), container.getPassword());
  }
}
