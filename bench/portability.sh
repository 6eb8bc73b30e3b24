#!/usr/bin/env bash
# Portability benchmark: generates an organization with N opportunities over 3 pipelines, exports it with
# the worker, imports the bundle into a new organization, and on the same machine, in the same run, times
# PostgreSQL's own COPY ... TO / COPY ... FROM of the same opportunity rows: the least an export and an
# import must do with ranks in their own table, so COPY TO joins each card's rank from opportunity_ranks
# and COPY FROM fills both tables in one transaction. Runs at two sizes (default
# 100,000 and 1,000,000) so peak RSS can be compared. The worker always runs as it is deployed:
# -XX:+UseSerialGC -Xms64m -Xmx256m (docs/performance.md, "Memory").
#
# usage: bench/portability.sh [large-rows] [small-rows]
# env:   BENCH_DATABASE_URL  (default postgresql://postgres@127.0.0.1:5432/drippulse_bench; dropped and recreated)
#        BENCH_DIR           (default /tmp/drippulse-bench; bundles and COPY files; must be writable by postgres)
#        SKIP_BUILD=1        use the existing portability-worker/target/portability-worker.jar
#        REPEAT=n            run each export/import n times and keep every measurement (default 1)
set -euo pipefail

LARGE=${1:-1000000}
SMALL=${2:-100000}
REPEAT=${REPEAT:-1}
URL=${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/drippulse_bench}
DIR=${BENCH_DIR:-/tmp/drippulse-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=$ROOT/portability-worker/target/portability-worker.jar
DB=${URL##*/}
ADMIN=${URL%/*}/postgres
RESULTS=$ROOT/bench/out/portability-$(date -u +%Y%m%dT%H%M%SZ).md

mkdir -p "$DIR" "$ROOT/bench/out"
chmod 777 "$DIR"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$ROOT" && mvn -B -q -pl portability-worker -am -DskipTests package)
fi

psql "$ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
DATABASE_URL=$URL java -cp "$JAR" io.drippulse.crm.db.MigrateMain >/dev/null
q() { psql "$URL" -qtAX -v ON_ERROR_STOP=1 "$@"; }
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l | xargs printf '%.2f'; }
rate() { echo "$1 / $2" | bc -l | xargs printf '%.0f'; }

COLUMNS="id, public_id, name, pipeline_id, pipeline_stage_id, amount, currency, expected_close_date,
         owner_user_id, description, stage_entered_at, version, created_at, updated_at"
RANKS="id, pipeline_stage_id, rank"
# the rows as the export reads them: each card with its rank
JOINED="o.id, o.public_id, o.name, o.pipeline_id, o.pipeline_stage_id, r.rank, o.amount, o.currency,
        o.expected_close_date, o.owner_user_id, o.description, o.stage_entered_at, o.version, o.created_at,
        o.updated_at FROM opportunities o JOIN opportunity_ranks r ON r.org_id = o.org_id AND r.id = o.id"

# runs the worker under /usr/bin/time; prints "<wall seconds> <max RSS KB> <job seconds>"
worker() {
  local log=$DIR/worker.log
  /usr/bin/time -f "%e %M" -o "$DIR/time.txt" env DATABASE_URL="$URL" DB_MIGRATE=false \
    java -XX:+UseSerialGC -Xms64m -Xmx256m -jar "$JAR" "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  local job
  job=$(grep -oE '(export|import) job [0-9a-f-]{36}' "$log" | tail -1 | awk '{print $3}')
  echo "$(cat "$DIR/time.txt") $(q -c "SELECT extract(epoch FROM finished_at - started_at) FROM portability_jobs WHERE id = '$job'")"
}

{
  echo "# Portability benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "Host: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GB RAM, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "PostgreSQL: $(q -c 'SHOW server_version'); worker: java $(java -version 2>&1 | head -1 | cut -d'"' -f2), -XX:+UseSerialGC -Xms64m -Xmx256m."
  echo
  echo "| rows | COPY TO s | export job s (wall) | export vs COPY TO | COPY FROM s | import job s (wall) | import vs COPY FROM | export RSS MB | import RSS MB |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$RESULTS"

for ROWS in $SMALL $LARGE; do
  SRC=$(cat /proc/sys/kernel/random/uuid)
  COPYORG=$(cat /proc/sys/kernel/random/uuid)
  psql "$URL" -q -v org="$SRC" -v n="$ROWS" -f "$ROOT/bench/seed-org.sql"
  # every timed step starts with the writes before it flushed, so a checkpoint does not land in one of them
  q -c "VACUUM ANALYZE" -c "CHECKPOINT"
  # the COPY FROM target: another org holding the same pipelines and stages, so the same rows fit its keys
  q <<SQL
INSERT INTO organizations (id) VALUES ('$COPYORG');
INSERT INTO users (org_id, id) SELECT '$COPYORG', id FROM users WHERE org_id = '$SRC';
INSERT INTO pipelines SELECT '$COPYORG', id, name, is_org_default, user_id, created_at, updated_at FROM pipelines WHERE org_id = '$SRC';
INSERT INTO pipeline_stages SELECT '$COPYORG', id, pipeline_id, name, position, probability, kind, is_unassigned
  FROM pipeline_stages WHERE org_id = '$SRC';
SQL
  for ((r = 1; r <= REPEAT; r++)); do
    rm -f "$DIR/opportunities.copy" "$DIR/cards.copy" "$DIR/ranks.copy"
    t0=$(now); q -c "COPY (SELECT $JOINED WHERE o.org_id = '$SRC') TO '$DIR/opportunities.copy'"; t1=$(now)
    COPY_TO=$(secs "$t0" "$t1")
    rm -f "$DIR/bundle.json"
    read -r EXP_WALL EXP_RSS EXP_JOB < <(worker export --org "$SRC" --out "$DIR/bundle.json")
    # COPY FROM's input, one file per table, written untimed; the ranks go in after the cards they reference
    q -c "COPY (SELECT '$COPYORG'::uuid, $COLUMNS FROM opportunities WHERE org_id = '$SRC') TO '$DIR/cards.copy'" \
      -c "COPY (SELECT '$COPYORG'::uuid, $RANKS FROM opportunity_ranks WHERE org_id = '$SRC') TO '$DIR/ranks.copy'"
    t0=$(now); q -1 -c "COPY opportunities (org_id, $COLUMNS) FROM '$DIR/cards.copy'" \
      -c "COPY opportunity_ranks (org_id, $RANKS) FROM '$DIR/ranks.copy'"; t1=$(now)
    COPY_FROM=$(secs "$t0" "$t1")
    # the ranks go with their cards (ON DELETE CASCADE)
    q -c "DELETE FROM opportunities WHERE org_id = '$COPYORG'" -c "VACUUM ANALYZE opportunities" \
      -c "VACUUM ANALYZE opportunity_ranks" -c "CHECKPOINT"
    TARGET=$(cat /proc/sys/kernel/random/uuid)
    read -r IMP_WALL IMP_RSS IMP_JOB < <(worker import --org "$TARGET" --in "$DIR/bundle.json")
    IMPORTED=$(q -c "SELECT count(*) FROM opportunities WHERE org_id = '$TARGET'")
    [[ "$IMPORTED" == "$ROWS" ]] || { echo "import wrote $IMPORTED of $ROWS rows" >&2; exit 1; }
    q -c "DELETE FROM stage_transitions WHERE org_id = '$TARGET'" -c "DELETE FROM opportunities WHERE org_id = '$TARGET'" \
      -c "VACUUM ANALYZE opportunities" -c "VACUUM ANALYZE opportunity_ranks" -c "VACUUM ANALYZE stage_transitions" \
      -c "CHECKPOINT"
    printf '| %s | %.2f | %.2f (%.2f) | %.2f× (%s vs %s rows/s) | %.2f | %.2f (%.2f) | %.2f× (%s vs %s rows/s) | %d | %d |\n' \
      "$ROWS" "$COPY_TO" "$EXP_JOB" "$EXP_WALL" "$(echo "$COPY_TO / $EXP_JOB" | bc -l)" \
      "$(rate "$ROWS" "$EXP_JOB")" "$(rate "$ROWS" "$COPY_TO")" \
      "$COPY_FROM" "$IMP_JOB" "$IMP_WALL" "$(echo "$COPY_FROM / $IMP_JOB" | bc -l)" \
      "$(rate "$ROWS" "$IMP_JOB")" "$(rate "$ROWS" "$COPY_FROM")" \
      "$((EXP_RSS / 1024))" "$((IMP_RSS / 1024))" >>"$RESULTS"
  done
done
echo >>"$RESULTS"
echo "Bundle size at $LARGE rows: $(stat -c %s "$DIR/bundle.json") bytes. Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)." >>"$RESULTS"
cat "$RESULTS"
