#!/usr/bin/env bash
# Board benchmark (issue 11, PRODUCT.md §9.1): the api-server next to pgbench -M prepared running the least
# work a correct implementation must do, on the same machine in the same run, one scenario after another.
#   move, 2 x 200 cards    PATCH moves between two stages of 200 cards (random index in the top 50)
#   move, 2 x 20,000       the same between two stages of 20,000 cards
#   pgbench minimal move   lock the two big stages, update one card, insert one history row
#   pgbench server move    the server's own statements for such a move, in its groups (printed by MoveSql.java)
#   reorder 50 of 20,000   POST /reorder of 50 random cards of a third 20,000-card stage
#   pgbench minimal reorder lock that stage, write 50 random cards' ranks (bench/sql/minimal-reorder.sql)
#   summary 100,000        GET .../summary (no q) of a 100,000-card pipeline
#   list page 100          GET /opportunities?pipeline_id=<the 100,000-card pipeline>&limit=100
#   pgbench list page      the server's own page statement (OpportunitySql.PAGE, printed by PageSql.java)
#   big1, reorder1         a big move and a reorder with one client each (once, after the rounds): their p50s
#                          without the queue at the stage locks that 16 clients make
#   same index             PATCH moves of cards of the 20,000-card stage into one stage, all at index 1 (the
#                          ranks' worst case: the gap there runs out again and again and is respread)
# Every scenario runs with CLIENTS connections (default 16). The scenarios that a target compares run in ROUNDS
# rounds (default 3), each server scenario next to its pgbench row, the pair's order swapped every other round:
# this machine's speed drifts by a third from one minute to the next (pgbench alone: 1,330-1,985 tps for the same
# page statement), so a server figure and the pgbench figure it is held to are taken side by side, several times,
# and reported as the mean (req/s, tps), the median (p50) and the worst (p99) of the rounds, with each round's
# ratio listed. Writes bench/out/board-<time>.md.
# usage: bash bench/board.sh [seconds-per-scenario]   env: BENCH_PORT (18111), BENCH_DB (drippulse_board_bench),
#        CLIENTS (16), ROUNDS (3), SAME_INDEX_SECONDS (75), WARMUP_SECONDS (6, per warm-up scenario, discarded),
#        SKIP_BUILD=1 (use the existing api-server/target/api-server.jar)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-20}
PORT=${BENCH_PORT:-18111}
DB=${BENCH_DB:-drippulse_board_bench}
CLIENTS=${CLIENTS:-16}
URL=postgresql://postgres@127.0.0.1:5432/$DB
JAR=api-server/target/api-server.jar
OUT=bench/out/board-$(date -u +%Y%m%dT%H%M%SZ).md
TMP=$(mktemp -d /tmp/board-bench.XXXXXX)
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)"; exit 1; }
[[ "${SKIP_BUILD:-0}" == 1 ]] || mvn -B -q -pl api-server -am -DskipTests package
mkdir -p bench/out
q() { psql "$URL" -qtAX -v ON_ERROR_STOP=1 "$@"; }

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
DATABASE_URL=$URL HTTP_PORT=$PORT DEV_MODE=true RATE_LIMIT_PER_MINUTE=1000000 JWT_HS256_SECRET=bench-secret-0123456789abcdef0123456789 \
  java -Xmx512m -jar $JAR > "$TMP/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$TMP"' EXIT
for _ in $(seq 1 90); do curl -sf "localhost:$PORT/health/ready" >/dev/null && break; sleep 1; done
login=$(curl -s -XPOST "localhost:$PORT/dev/login")
export TOKEN=$(echo "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
ORG=$(echo "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["org_id"])')
USER_ID=$(echo "$login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["user_id"])')
curl -sf -H "Authorization: Bearer $TOKEN" "localhost:$PORT/api/v1/crm/opportunity_pipelines" >/dev/null

echo "seeding 180,400 cards..."
psql "$URL" -q -v org="$ORG" -v user="$USER_ID" -f bench/seed-board.sql
q -c "VACUUM ANALYZE" -c "CHECKPOINT"
id_of() { q -c "SELECT md5('$ORG' || '$1')::uuid"; }
BIG_A=$(id_of "stage big-a"); BIG_B=$(id_of "stage big-b"); BIG_C=$(id_of "stage big-c")
SMALL_A=$(id_of "stage small-a"); SMALL_B=$(id_of "stage small-b"); HUNDRED=$(id_of "pipeline Hundred")
q -c "SELECT id FROM opportunities WHERE org_id = '$ORG' AND pipeline_stage_id IN ('$BIG_A', '$BIG_B')" > "$TMP/big.txt"
q -c "SELECT id FROM opportunities WHERE org_id = '$ORG' AND pipeline_stage_id IN ('$SMALL_A', '$SMALL_B')" > "$TMP/small.txt"
q -c "SELECT id FROM opportunities WHERE org_id = '$ORG' AND pipeline_stage_id = '$BIG_C'" > "$TMP/reorder.txt"
[[ "$BIG_A" < "$BIG_B" ]] && { LOW=$BIG_A; HIGH=$BIG_B; } || { LOW=$BIG_B; HIGH=$BIG_A; }

to_ms() { awk '{v=$1; if (v ~ /us$/) {sub("us","",v); v/=1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v*=1000}; printf "%.2f", v}'; }
declare -A RPS P50 P99 ERR COUNT RPS_L P50_L P99_L
# Autovacuum is off on this machine's shared PostgreSQL (SHOW autovacuum), so nothing would clear the dead rows
# one scenario leaves for the next (a move leaves one in every index of the card): each server and pgbench
# scenario starts from a vacuumed table instead, as autovacuum would leave it in production.
settle() { q -c "VACUUM (ANALYZE) opportunities, opportunity_ranks, stage_transitions, stage_totals, crm_events, crm_event_counters"; }
run() { # key, env assignments... (DURATION=<seconds> overrides SECONDS_EACH)
  local key=$1 out; shift
  settle
  local duration=$SECONDS_EACH clients=$CLIENTS
  for a in "$@"; do
    [[ $a == DURATION=* ]] && duration=${a#DURATION=}
    [[ $a == CONNECTIONS=* ]] && clients=${a#CONNECTIONS=}
  done
  out=$(env "$@" wrk -t$(( clients < 2 ? clients : 2 )) -c"$clients" -d"${duration}s" --latency -s bench/lua/board.lua "http://127.0.0.1:$PORT" 2>&1)
  local count rps p50 p99 err
  count=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}' | to_ms)
  p99=$(echo "$out" | awk '$1=="99%" {print $2}' | to_ms)
  err=$(echo "$out" | awk '/Non-2xx/ {print $5}' | grep . || echo 0)
  record "$key" "$count" "$rps" "$p50" "$p99" "$err"
  echo "$key: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $err"
}
record() { # key, count, rate, p50, p99, errors: one round's figures, summed up by summarize
  COUNT[$1]=$(( ${COUNT[$1]:-0} + $2 )); ERR[$1]=$(( ${ERR[$1]:-0} + $6 ))
  RPS_L[$1]="${RPS_L[$1]:-} $3"; P50_L[$1]="${P50_L[$1]:-} $4"; P99_L[$1]="${P99_L[$1]:-} $5"
}
summarize() { # key: the mean rate, median p50 and worst p99 of its rounds
  RPS[$1]=$(echo ${RPS_L[$1]} | tr ' ' '\n' | awk '{s += $1} END {printf "%.1f", s / NR}')
  P50[$1]=$(echo ${P50_L[$1]} | tr ' ' '\n' | sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}')
  P99[$1]=$(echo ${P99_L[$1]} | tr ' ' '\n' | sort -g | tail -1)
}
each_round() { # a, b, op (rate: a/b of the rates; p50: a/b of the p50s): each round's ratio
  local la lb
  if [[ $3 == rate ]]; then la=${RPS_L[$1]}; lb=${RPS_L[$2]}; else la=${P50_L[$1]}; lb=${P50_L[$2]}; fi
  paste -d' ' <(echo $la | tr ' ' '\n') <(echo $lb | tr ' ' '\n') | awk '{printf "%s%.3f", (NR > 1 ? ", " : ""), $1 / $2}'
}
pgb() { # key, script, -D args...
  local key=$1 script=$2 out; shift 2
  settle
  out=$(pgbench -n -M prepared -c "$CLIENTS" -j 2 -T "$SECONDS_EACH" -f "$script" "$@" "$URL" 2>&1)
  local count tps avg err
  count=$(echo "$out" | awk '/number of transactions actually processed/ {split($NF, n, "/"); print n[1]}')
  tps=$(echo "$out" | awk '/^tps/ {print $3; exit}')
  avg=$(echo "$out" | awk '/latency average/ {print $4}')
  err=$(echo "$out" | awk '/failed transactions/ {print $5}' | grep . || echo 0)
  record "$key" "$count" "$tps" "$avg" 0 "$err"
  echo "$key: $tps tps, latency average $avg ms"
}

java -cp $JAR bench/PageSql.java > "$TMP/page.sql"
java -cp $JAR bench/MoveSql.java > "$TMP/move.sql"
BIG_PIPELINE=$(q -c "SELECT pipeline_id FROM pipeline_stages WHERE id = '$BIG_A'")
PAGE_PATH="/api/v1/crm/opportunities?pipeline_id=$HUNDRED&limit=100"
# warm-up, discarded: a server just started spends seconds of CPU compiling the hot paths (measured: C2 took a
# third of the server's CPU in an 8 s page run right after start), which pgbench, compiled C, never pays
WARM=${WARMUP_SECONDS:-6}
echo "warming up (${WARM} s each: page, summary, moves, reorder)..."
for w in "SCENARIO=get PATH_TO_GET=$PAGE_PATH" "SCENARIO=get PATH_TO_GET=/api/v1/crm/opportunity_pipelines/$HUNDRED/summary" \
         "SCENARIO=move IDS=$TMP/small.txt STAGE_A=$SMALL_A STAGE_B=$SMALL_B" "SCENARIO=reorder IDS=$TMP/reorder.txt REORDER_STAGE=$BIG_C"; do
  env $w wrk -t2 -c"$CLIENTS" -d"${WARM}s" -s bench/lua/board.lua "http://127.0.0.1:$PORT" >/dev/null
done
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# the minimal move keeps no totals: recount the two big stages' (positions past 128 read them)
recount() {
  q -c "DELETE FROM stage_totals WHERE org_id = '$ORG'" -c "INSERT INTO stage_totals (org_id, stage_id, currency, card_count,
    amount_count, amount) SELECT org_id, pipeline_stage_id, currency, count(*), count(amount), coalesce(sum(amount), 0)
    FROM opportunities WHERE org_id = '$ORG' GROUP BY 1, 2, 3"
}
page() { run page SCENARIO=get PATH_TO_GET="$PAGE_PATH"; }
pgpage() { pgb pgpage "$TMP/page.sql" -D org="$ORG" -D pipeline="$HUNDRED" -D lim=101 -D p3=none -D p4=none -D p6=none -D p7=none -D p8=none -D p9=none; }
moves() {
  run small SCENARIO=move IDS="$TMP/small.txt" STAGE_A="$SMALL_A" STAGE_B="$SMALL_B"
  run big SCENARIO=move IDS="$TMP/big.txt" STAGE_A="$BIG_A" STAGE_B="$BIG_B"
}
pgmove() { pgb pgmove bench/sql/minimal-move.sql -D org="$ORG" -D a="$LOW" -D b="$HIGH"; recount; }
pgown() { pgb pgown "$TMP/move.sql" -D org="$ORG" -D a="$LOW" -D b="$HIGH" -D pa="$BIG_PIPELINE" -D user=bench; recount; }
reorder() { run reorder SCENARIO=reorder IDS="$TMP/reorder.txt" REORDER_STAGE="$BIG_C"; }
pgreorder() { pgb pgreorder bench/sql/minimal-reorder.sql -D org="$ORG" -D stage="$BIG_C" -D key=big-c; }
ROUNDS=${ROUNDS:-3}
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round of $ROUNDS"
  if (( round % 2 )); then page; pgpage; moves; pgmove; pgown; reorder; pgreorder
  else pgpage; page; pgown; pgmove; moves; pgreorder; reorder; fi
  run summary SCENARIO=get PATH_TO_GET="/api/v1/crm/opportunity_pipelines/$HUNDRED/summary"
done
# one client each, so no request queues at a stage lock: what a reorder and a move cost by themselves
run big1 SCENARIO=move IDS="$TMP/big.txt" STAGE_A="$BIG_A" STAGE_B="$BIG_B" CONNECTIONS=1
run reorder1 SCENARIO=reorder IDS="$TMP/reorder.txt" REORDER_STAGE="$BIG_C" CONNECTIONS=1
# the ranks' worst case: every move inserts at index 1 of the same stage, so the gap there runs out and respreads
# run until well past 10,000 inserts at the same index (the issue's worst case), whatever the rate
run sameindex SCENARIO=move IDS="$TMP/reorder.txt" STAGE_A="$SMALL_B" STAGE_B="$SMALL_B" FIXED_POSITION=1 DURATION="${SAME_INDEX_SECONDS:-75}"
for k in small big pgmove pgown reorder pgreorder big1 reorder1 sameindex summary page pgpage; do summarize "$k"; done
INSERTED=$(q -c "SELECT count(*) FROM opportunities WHERE org_id = '$ORG' AND pipeline_stage_id = '$SMALL_B'")
WRONG=$(q -c "SELECT count(*) FROM stage_totals t WHERE org_id = '$ORG' AND card_count <> (SELECT count(*) FROM opportunities o
  WHERE o.org_id = t.org_id AND o.pipeline_stage_id = t.stage_id AND o.currency = t.currency)")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
dense=$(q -c "SELECT count(*) FROM (SELECT pipeline_stage_id FROM opportunity_ranks WHERE org_id = '$ORG' GROUP BY 1
  HAVING count(*) <> count(DISTINCT rank)) x")
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.3f'; } # three places: a verdict is never rounded into a pass
verdict() { (( $(echo "$1" | bc -l) )) && echo met || echo "NOT met"; }
{
  echo "# Board benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$(nproc) cores, load average before $LOAD_BEFORE, after $LOAD_AFTER (the machine is shared with other builds)."
  echo "$CLIENTS clients, ${SECONDS_EACH}s per scenario and round, $ROUNDS rounds (mean req/s or tps, median p50, worst p99), PostgreSQL $(q -c 'SHOW server_version') (autovacuum $(q -c 'SHOW autovacuum'); every scenario starts vacuumed), one api-server process."
  echo
  echo "| scenario | req/s or tps | p50 ms | p99 ms | non-2xx |"
  echo "|---|---:|---:|---:|---:|"
  for k in small big pgmove pgown reorder pgreorder big1 reorder1 sameindex summary page pgpage; do
    echo "| $k | ${RPS[$k]} | ${P50[$k]} | ${P99[$k]} | ${ERR[$k]} |"
  done
  echo
  echo "(pgbench rows show tps and, under p50, the median of the rounds' average latencies.)"
  echo
  echo "| target | measured | each round | verdict |"
  echo "|---|---:|---|---|"
  r=$(ratio "${RPS[big]}" "${RPS[small]}"); echo "| big moves >= 0.7x small moves | ${r}x | $(each_round big small rate) | $(verdict "$r >= 0.7") |"
  r=$(ratio "${RPS[big]}" "${RPS[pgmove]}"); echo "| big moves >= 0.4x pgbench minimal move | ${r}x | $(each_round big pgmove rate) | $(verdict "$r >= 0.4") |"
  r=$(ratio "${RPS[big]}" "${RPS[pgown]}"); echo "| (no target) big moves against pgbench of the server's own move statements | ${r}x | $(each_round big pgown rate) | - |"
  r=$(ratio "${RPS[pgown]}" "${RPS[pgmove]}"); echo "| (no target) the server's move statements against the minimal move, both in pgbench | ${r}x | $(each_round pgown pgmove rate) | - |"
  echo "| big moves p99 < 100 ms | ${P99[big]} ms | ${P99_L[big]# } | $(verdict "${P99[big]} < 100") |"
  r=$(ratio "${P50[reorder]}" "${P50[big]}"); echo "| reorder 50 p50 within 3x of a move's | ${r}x | $(each_round reorder big p50) | $(verdict "$r <= 3") |"
  r=$(ratio "${P50[reorder1]}" "${P50[big1]}"); echo "| (no target) reorder 50 p50 against a move's, one client each (nothing queues at the locks) | ${r}x | - | - |"
  r=$(ratio "${RPS[reorder]}" "${RPS[pgreorder]}"); echo "| (no target) reorder 50 against pgbench minimal reorder | ${r}x | $(each_round reorder pgreorder rate) | - |"
  r=$(ratio "${RPS[summary]}" "${RPS[page]}"); echo "| summary >= 0.5x list page | ${r}x | $(each_round summary page rate) | $(verdict "$r >= 0.5") |"
  r=$(ratio "${RPS[page]}" "${RPS[pgpage]}"); echo "| list page >= 0.8x pgbench of its statement | ${r}x | $(each_round page pgpage rate) | $(verdict "$r >= 0.8") |"
  echo "| 10,000 moves to one index, then dense and ordered | ${COUNT[sameindex]} moves, $dense stages off | - | $(verdict "${COUNT[sameindex]} >= 10000 && $dense == 0") |"
  echo
  echo "Stages with a duplicate rank afterwards: $dense. Stage totals whose count differs from the cards: $WRONG."
  echo "Same-index inserts: ${COUNT[sameindex]} moves to index 1 of Small B in ${SAME_INDEX_SECONDS:-75} s; the stage held $INSERTED"
  echo "cards at the end (200 seeded, the rest moved in at index 1; a card drawn twice moves within the stage)."
} | tee "$OUT"
