#!/usr/bin/env bash
# CI's check of README's run command: starts `scripts/dev.sh` (on a free port and a database of its own, so
# a person's dev.sh on :8080 is left alone), waits until both the api-server and the portability worker
# are up, signs in with the demo login, runs an export through the API until the worker finishes it and
# downloads the bundle. Then stops dev.sh and drops the database.
set -euo pipefail
cd "$(dirname "$0")/.."
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
metrics_port=$(free_port)
db="drippulse_devcheck_$$"
log=$(mktemp)
# the value at a path of the JSON document on stdin: `json job status`
json() { python3 -c 'import functools, json, sys; print(functools.reduce(lambda v, k: v[k], sys.argv[1:], json.load(sys.stdin)))' "$@"; }
fail() { echo "dev-check: $*" >&2; echo "--- dev.sh output ---" >&2; cat "$log" >&2; exit 1; }

HTTP_PORT=$port METRICS_PORT=$metrics_port DB_NAME=$db DATABASE_URL="postgresql://postgres@127.0.0.1:5432/$db" setsid bash scripts/dev.sh >"$log" 2>&1 &
dev=$!
cleanup() {
  kill -TERM -- "-$dev" 2>/dev/null || true
  wait "$dev" 2>/dev/null || true
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true
  rm -f "$log"
}
trap cleanup EXIT

for _ in $(seq 1 300); do
  grep -q "serving the portability job queue" "$log" && curl -sf "localhost:$port/health/ready" >/dev/null && break
  kill -0 "$dev" 2>/dev/null || fail "dev.sh exited before both processes were up"
  sleep 1
done
grep -q "serving the portability job queue" "$log" || fail "the portability worker did not start within 300 s"
curl -sf "localhost:$port/health/ready" >/dev/null || fail "the api-server did not become ready within 300 s"

token=$(curl -sf -XPOST "localhost:$port/dev/login" | json token)
[ -n "$token" ] || fail "the demo sign-in gave no token"
job=$(curl -sf -XPOST -H "Authorization: Bearer $token" "localhost:$port/api/v1/crm/portability/exports" | json job id)
[ -n "$job" ] || fail "POST /api/v1/crm/portability/exports gave no job"
status=queued
for _ in $(seq 1 60); do
  status=$(curl -sf -H "Authorization: Bearer $token" "localhost:$port/api/v1/crm/portability/exports/$job" | json job status)
  [ "$status" = succeeded ] || [ "$status" = failed ] && break
  sleep 1
done
[ "$status" = succeeded ] || fail "export job $job ended '$status' (the worker should have run it)"
bundle=$(curl -sf -H "Authorization: Bearer $token" "localhost:$port/api/v1/crm/portability/exports/$job/bundle")
case "$bundle" in
  *'"opportunities"'*) ;;
  *) fail "the bundle of export $job has no opportunities section" ;;
esac
# read the whole page first: `curl | grep -q` under pipefail fails when grep stops reading early (SIGPIPE)
metrics=$(curl -sf "localhost:$metrics_port/metrics") || fail "the worker's GET /metrics on METRICS_PORT did not answer"
grep -q '^drippulse_jobs{state="succeeded"}' <<<"$metrics" || fail "the worker's /metrics has no drippulse_jobs{state=\"succeeded\"} gauge"
echo "dev-check: dev.sh started the api-server and the worker; export $job succeeded and its bundle downloaded"
