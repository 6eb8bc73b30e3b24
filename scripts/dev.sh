#!/usr/bin/env bash
# Runs the service for a person to try: local PostgreSQL, database "drippulse", DEV_MODE with a demo
# organization and board, the api-server on :8080 and a portability worker beside it (exports and imports
# stay queued without one). Says what it does as it does it; Ctrl-C stops both processes.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { echo "dev.sh: $*" >&2; }

say "checking PostgreSQL on 127.0.0.1:5432"
bash scripts/pg-up.sh
DB_NAME=${DB_NAME:-drippulse}
# a command substitution, not `psql | grep -q`: under pipefail an early-exiting reader fails the pipeline
if [ "$(psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" != 1 ]; then
  say "creating database $DB_NAME"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE \"$DB_NAME\""
fi

say "building the api-server and the portability worker (mvn package; about a minute on a first run)"
mvn -B -q -Dstyle.color=never -DskipTests package
for jar in api-server/target/api-server.jar portability-worker/target/portability-worker.jar; do
  [ -f "$jar" ] || { say "the build did not produce $jar"; exit 1; }
done

export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/$DB_NAME}
export JWT_HS256_SECRET=${JWT_HS256_SECRET:-dev-only-secret-change-me-0123456789abcdef}
export DEV_MODE=true
export HTTP_PORT=${HTTP_PORT:-8080}

say "starting the portability worker (serve) on $DATABASE_URL"
java -XX:+UseSerialGC -Xms64m -Xmx256m -jar portability-worker/target/portability-worker.jar serve &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

say "starting the api-server on http://localhost:$HTTP_PORT/"
java -jar api-server/target/api-server.jar &
server=$!
trap 'kill "$server" "$worker" 2>/dev/null || true; wait "$server" "$worker" 2>/dev/null || true' EXIT

# whichever stops first (a start-up failure, Ctrl-C) stops the other one too
set +e
wait -n "$server" "$worker"
status=$?
if kill -0 "$server" 2>/dev/null; then
  say "the portability worker stopped (exit $status); stopping the api-server"
elif kill -0 "$worker" 2>/dev/null; then
  say "the api-server stopped (exit $status); stopping the portability worker"
fi
exit "$status"
