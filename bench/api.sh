#!/usr/bin/env bash
# API benchmark on this machine: creates, board pages, summaries, moves and reorders against a real
# api-server and the local PostgreSQL, driven by wrk over loopback. Prints one line per scenario.
# Usage: bash bench/api.sh [seconds-per-scenario]   (needs: wrk, a built api-server.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-10}
PORT=${BENCH_PORT:-18181}
DB=drippulse_bench
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
[ -f api-server/target/api-server.jar ] || mvn -B -q -DskipTests package
bash scripts/pg-up.sh
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
# one organization drives every scenario: lift the per-organization rate limit out of the way
DATABASE_URL=postgresql://postgres@127.0.0.1:5432/$DB HTTP_PORT=$PORT DEV_MODE=true RATE_LIMIT_PER_MINUTE=1000000 \
  JWT_HS256_SECRET=bench-secret-0123456789abcdef0123456789 \
  java -Xmx512m -jar api-server/target/api-server.jar > /tmp/bench-api-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf localhost:$PORT/health/ready >/dev/null && break; sleep 1; done
export TOKEN=$(curl -s -XPOST localhost:$PORT/dev/login | sed 's/.*"token":"\([^"]*\)".*/\1/')
auth=(-H "Authorization: Bearer $TOKEN")
pipelines=$(curl -s "${auth[@]}" localhost:$PORT/api/v1/crm/opportunity_pipelines)
export PIPELINE=$(echo "$pipelines" | python3 -c 'import json,sys; print(json.load(sys.stdin)["default_pipeline_id"])')
export STAGES=$(echo "$pipelines" | python3 -c 'import json,sys; p=json.load(sys.stdin)["pipelines"][0]; print(",".join(s["id"] for s in p["stages"][:4]))')

run() { # name, lua script, connections
  local out
  out=$(wrk -t2 -c"$3" -d"${SECONDS_EACH}s" --latency -s "bench/lua/$2" "http://127.0.0.1:$PORT" 2>&1)
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$1" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(echo "$out" | awk '/Non-2xx/ {print $5}' | grep . || echo 0)"
}

echo "scenario                      throughput        latency               errors   ($(nproc) cores, ${SECONDS_EACH}s each)"
run "create (POST)" create.lua 32
count=$(psql -h 127.0.0.1 -U postgres -d $DB -tAc "SELECT count(*) FROM opportunities")
curl -s "${auth[@]}" "localhost:$PORT/api/v1/crm/opportunities?limit=500" \
  | python3 -c 'import json,sys; print("\n".join(o["id"] for o in json.load(sys.stdin)["opportunities"]))' > /tmp/bench-ids.txt
run "board page (GET, 100)" list.lua 32
run "search q (GET)" search.lua 32
run "summary (GET)" summary.lua 32
first_stage=${STAGES%%,*}
curl -s "${auth[@]}" "localhost:$PORT/api/v1/crm/opportunities?pipeline_stage_id=$first_stage&limit=20" \
  | python3 -c 'import json,sys; print("\n".join(o["id"] for o in json.load(sys.stdin)["opportunities"]))' > /tmp/bench-stage-ids.txt
run "reorder 20 ids (POST)" reorder.lua 8
run "move (PATCH)" move.lua 32
echo "opportunities in the org after the create phase: $count"
dense=$(psql -h 127.0.0.1 -U postgres -d $DB -tAc "SELECT count(*) FROM (SELECT pipeline_stage_id FROM opportunities GROUP BY 1 HAVING max(stage_position) + 1 <> count(*) OR min(stage_position) <> 0) gaps")
echo "stages whose positions are not exactly 0..n-1 afterwards: $dense"
