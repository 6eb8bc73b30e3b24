#!/usr/bin/env bash
# Runs the service for a person to try: local PostgreSQL, database "drippulse", DEV_MODE with a demo
# organization and board, the api-server on :8080 and a portability worker beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/pg-up.sh
DB_NAME=${DB_NAME:-drippulse}
psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB_NAME"
mvn -B -q -DskipTests package
export DATABASE_URL=${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/$DB_NAME}
export JWT_HS256_SECRET=${JWT_HS256_SECRET:-dev-only-secret-change-me-0123456789abcdef}
export DEV_MODE=true
export HTTP_PORT=${HTTP_PORT:-8080}
if unzip -l portability-worker/target/portability-worker.jar 2>/dev/null | grep -q "worker/WorkerMain.class"; then
  java -XX:+UseSerialGC -Xms64m -Xmx256m -jar portability-worker/target/portability-worker.jar serve &
  worker=$!
  trap 'kill $worker 2>/dev/null || true' EXIT
fi
java -jar api-server/target/api-server.jar
