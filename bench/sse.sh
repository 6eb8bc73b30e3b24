#!/usr/bin/env bash
# Live board benchmark: two api-server processes on one database, RATE creates per second alternating
# between them, in phases with STREAMS open event streams across them and with none, interleaved (ROUNDS
# pairs); reports per phase the write latency, the processes' CPU time and, for each event, the delay until
# it reached the streams on the other replica. Then pgbench running the minimal SQL of a create (the card
# and its event) at the same rate in the same run.
# Usage: bash bench/sse.sh [seconds per phase] [streams] [rate] [rounds]   (needs a built api-server.jar;
#        ports 18121-18122)
#        NO_PGBENCH=1 skips the pgbench row; PROFILE=1 records a JFR profile of each replica to /tmp/bench-sse-<port>.jfr
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-30}
STREAMS=${2:-500}
RATE=${3:-50}
ROUNDS=${4:-2}
ORGS=50
A=18121
B=18122
DB=dp_bench_sse_12
SECRET=bench-secret-0123456789abcdef0123456789
JAR=${BENCH_JAR:-api-server/target/api-server.jar}
[ -f "$JAR" ] || mvn -B -q -DskipTests package
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for port in $A $B; do
  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$DB HTTP_PORT=$port JWT_HS256_SECRET=$SECRET \
    EVENTS_MAX_STREAMS=1000 RATE_LIMIT_PER_MINUTE=1000000 java ${PROFILE:+-XX:StartFlightRecording=filename=/tmp/bench-sse-$port.jfr,settings=profile,dumponexit=true} -Xmx384m -jar "$JAR" > /tmp/bench-sse-$port.log 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do curl -sf localhost:$port/health/ready >/dev/null && break; sleep 1; done
done
# Phases none/streams/streams/none/... after a discarded warm-up (SseBench.java): one order only (warm-up,
# streams, none) gave the second kind the warmer JIT and whatever drift the run had. The streams are read by
# a JVM of their own, not the writer's (whose HttpClient selector thread they shared).
echo "== $STREAMS streams over 2 replicas or none, $RATE writes/s, phases of ${SECONDS_EACH}s, $ROUNDS rounds ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg))"
java bench/sse/SseBench.java $A $B "$STREAMS" $ORGS "$RATE" "$SECONDS_EACH" "$ROUNDS" $SECRET "${pids[@]}"
[ -z "${NO_PGBENCH:-}" ] || exit 0
echo "== pgbench -M prepared: the minimal SQL of a create (bench/sql/minimal-create.sql: card row + its event), $RATE/s"
org=$(psql -h 127.0.0.1 -U postgres -d $DB -tAc "SELECT org_id FROM pipelines WHERE is_org_default LIMIT 1")
read -r pipeline stage < <(psql -h 127.0.0.1 -U postgres -d $DB -tAc "SELECT p.id, s.id FROM pipelines p JOIN pipeline_stages s
  ON s.org_id = p.org_id AND s.pipeline_id = p.id WHERE p.org_id = '$org' AND p.is_org_default AND s.is_unassigned" | tr '|' ' ')
# A failing statement aborts every pgbench client and leaves "processed: 0" (the create once named a column
# a migration had dropped, and the filter below hid the error): say why and stop rather than print a row.
if ! out=$(pgbench -h 127.0.0.1 -U postgres -n -M prepared -R "$RATE" -T "$SECONDS_EACH" -c 4 -j 2 -r \
    -D org="$org" -D pipeline="$pipeline" -D stage="$stage" -f bench/sql/minimal-create.sql "$DB" 2>&1) \
    || ! grep -qE "actually processed: [1-9]" <<<"$out"; then
  grep -iE "error|abort" <<<"$out" | head -5 >&2
  echo "pgbench: the minimal create did not run, so there is no pgbench row" >&2
  exit 1
fi
grep -E "processed|failed transactions|latency average|tps|COMMIT|crm_record_events|INSERT" <<<"$out"
