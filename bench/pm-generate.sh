#!/usr/bin/env bash
# The preventive maintenance generation benchmark (issue 19): work orders generated from due PM
# schedules while the API serves reads.
#
#   bench/pm-generate.sh [N]        # N schedules, one due occurrence each (default 10,000)
#
# 1. creates a fresh database and starts target/wrench.jar with the generator looking every second
#    (pm.generator_interval_ms, in a configuration file of the run) and BENCH_BATCH per round;
# 2. inserts N daily schedules in SQL whose first occurrence is due BENCH_DUE_IN seconds later, all
#    at once (what a day's planned maintenance of a large site looks like to the generator);
# 3. while the generator turns them into work orders, hey reads work order lists
#    (BENCH_READERS workers) for BENCH_READ_FOR;
# 4. waits until every occurrence is generated, then prints to bench/out/pm-<date>/results.md: the
#    work orders a second (N over the span from the first to the last work order's created_at), the
#    reads' throughput and latency during generation, and the checks that must hold: N work orders,
#    no duplicate, no occurrence left due;
# 5. stops the service and drops the database (also on failure).
#
# Target (issue 19): >= 1,000 work orders/s with reads served at the same time.
# Needs PostgreSQL at 127.0.0.1:5432 (postgres, trust), psql, curl, jq, hey, java 17.
# Do not run it while other work shares the machine: its figures would mean nothing.
#
# Environment (defaults): BENCH_DUE_IN=20 BENCH_BATCH=500 BENCH_READERS=8 BENCH_READ_FOR=15s
#   BENCH_DB=wrench_bench_pm BENCH_PORT=18082 BENCH_JAVA_OPTS="-Xmx256m -XX:+UseParallelGC"
#   WRENCH_JAR=target/wrench.jar
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
HOST=127.0.0.1
N="${1:-10000}"
DUE_IN="${BENCH_DUE_IN:-20}"
BATCH="${BENCH_BATCH:-500}"
READERS="${BENCH_READERS:-8}"
READ_FOR="${BENCH_READ_FOR:-15s}"
DB="${BENCH_DB:-wrench_bench_pm}"
PORT="${BENCH_PORT:-18082}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx256m -XX:+UseParallelGC}"
JAR="${WRENCH_JAR:-$ROOT/target/wrench.jar}"
OUT="${BENCH_OUT:-$BENCH_DIR/out/pm-$(date +%Y%m%d-%H%M%S)}"
export PGHOST=$HOST PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
BASE="http://$HOST:$PORT"

for tool in hey psql curl jq java; do
  command -v "$tool" >/dev/null || { echo "pm: $tool is missing (hey: apt-get install -y hey)" >&2; exit 1; }
done
[[ -f "$JAR" ]] || { echo "pm: $JAR is missing: cd $ROOT && mvn -q -B -o -DskipTests package" >&2; exit 1; }
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/wrench-bench-pm.XXXXXX")"
ADMIN_EMAIL="bench-admin@wrench.local"
ADMIN_PASSWORD="bench-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
SVC_PID="" DB_CREATED=0

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SVC_PID"
  [[ "$DB_CREATED" == 1 ]] && psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  rm -rf "$WORK"
  (( rc == 0 )) || echo "pm: failed (exit $rc); logs in $OUT" >&2
  exit $rc
}
# shellcheck source=bench/host.sh
source "$BENCH_DIR/host.sh"
# shellcheck source=bench/service.sh
source "$BENCH_DIR/service.sh"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SPEED_BEFORE="$(host_speed)"
echo "pm: host speed $SPEED_BEFORE"
cat >"$WORK/config.yaml" <<YAML
pm:
  generator_interval_ms: 1000
  batch_size: $BATCH
YAML

echo "pm: creating database $DB and starting the service"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
DB_CREATED=1
start_service WRENCH_CONFIG="$WORK/config.yaml"
TOKEN="$(admin_token)"
# A few work orders for the reads to list.
for i in $(seq 1 50); do
  curl -s -o /dev/null -XPOST "$BASE/api/v1/work-orders" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "{\"title\":\"Bench read $i\"}"
done

# N schedules at once, in SQL (the API would take minutes to create them on this machine), planned
# as the API plans them: a daily rule from a start one day and BENCH_DUE_IN seconds ahead, with a
# lead time of one day, so their first work orders are due BENCH_DUE_IN seconds from now (as PM is
# used: made ahead of the work's day, not overdue when made, which would measure the overdue
# notices as well).
echo "pm: inserting $N schedules due in ${DUE_IN}s"
psql -X -q -d "$DB" -v ON_ERROR_STOP=1 -v n="$N" -v due_in="$DUE_IN" -v email="$ADMIN_EMAIL" <<'SQL'
WITH admin AS (SELECT id, org_id FROM users WHERE email = :'email'),
     due AS (SELECT date_trunc('second', now()) + make_interval(secs => :due_in) AS at)
INSERT INTO pm_schedules (org_id, created_by, title, priority, trigger_type, trigger,
                          lead_time_days, next_occurrence_at, next_due_at)
SELECT admin.org_id, admin.id, 'Bench PM ' || g, 'medium', 'calendar',
       jsonb_build_object('type', 'calendar', 'rrule', 'FREQ=DAILY', 'time_zone', 'UTC',
                          'start', to_char((due.at + interval '1 day') AT TIME ZONE 'UTC',
                                           'YYYY-MM-DD"T"HH24:MI:SS')),
       1, due.at + interval '1 day', due.at + interval '1 day'
FROM admin, due, generate_series(1, :n) AS g;
SQL
# Statistics, as any database in use has them: on a never-analyzed work_orders, the foreign-key
# checks' cached generic plans look a row up by the (org_id, number) index, on org_id alone, and so
# scan the whole organization (1 ms a check at 10,000 rows) until autovacuum analyzes the table.
psql -X -q -d "$DB" -c "ANALYZE"
DUE_AT="$(psql -X -At -d "$DB" -c "SELECT min(next_due_at - make_interval(days => lead_time_days)) FROM pm_schedules")"
echo "pm: generation due at $DUE_AT; reads with $READERS workers for $READ_FOR meanwhile"
sleep "$DUE_IN"
CPU_BEFORE="$(proc_ticks "$SVC_PID" 2>/dev/null || echo 0)"
hey -z "$READ_FOR" -c "$READERS" -H "Authorization: Bearer $TOKEN" \
  "$BASE/api/v1/work-orders?limit=20" >"$OUT/hey-reads.txt" &
HEY_PID=$!
for _ in $(seq 1 1200); do
  [[ "$(psql -X -At -d "$DB" -c "SELECT count(*) FROM pm_occurrences WHERE status = 'generated'")" -ge "$N" ]] && break
  sleep 0.5
done
wait "$HEY_PID" || true
CPU_AFTER="$(proc_ticks "$SVC_PID" 2>/dev/null || echo 0)"

read -r WOS DISTINCT FIRST LAST SPAN < <(psql -X -At -F ' ' -d "$DB" -c "
  SELECT count(*), count(DISTINCT (pm_schedule_id, occurrence_at)),
         to_char(min(created_at), 'HH24:MI:SS.MS'), to_char(max(created_at), 'HH24:MI:SS.MS'),
         extract(epoch FROM max(created_at) - min(created_at))
  FROM work_orders WHERE type = 'preventive'")
LEFT="$(psql -X -At -d "$DB" -c "SELECT count(*) FROM pm_occurrences WHERE status <> 'generated'")"
RATE="$(awk -v n="$WOS" -v s="$SPAN" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')"
READS="$(awk '/Requests\/sec/ { print $2 }' "$OUT/hey-reads.txt")"
P95="$(awk '/ 95% in / { print $3 * 1000 " ms" }' "$OUT/hey-reads.txt")"
SPEED_AFTER="$(host_speed)"
{
  echo "# PM generation benchmark, $(date -u +%FT%TZ)"
  echo
  echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); $(machine_describe);"
  echo "host speed before $SPEED_BEFORE, after $SPEED_AFTER; N=$N, batch $BATCH, $READERS readers"
  echo
  echo "| what | value |"
  echo "| --- | --- |"
  echo "| work orders generated | $WOS (distinct occurrences $DISTINCT; not generated: $LEFT) |"
  echo "| first / last created | $FIRST / $LAST |"
  echo "| work orders/s | $RATE (target >= 1000) |"
  echo "| reads during generation | $READS req/s, p95 $P95 |"
  echo "| service CPU ticks during the run | $((CPU_AFTER - CPU_BEFORE)) |"
  echo
  if (( WOS == N && DISTINCT == N && LEFT == 0 )); then echo "exactly once: PASS"; else echo "exactly once: FAIL"; fi
  if (( RATE >= 1000 )); then echo "throughput: PASS"; else echo "throughput: FAIL"; fi
} | tee "$OUT/results.md"
