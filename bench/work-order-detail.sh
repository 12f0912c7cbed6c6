#!/usr/bin/env bash
# The work order with its checklist and costs stays fast (issue 20): get by id of a work order
# with a 20-item checklist (all answered) and 50 time entries, against the get of a plain one, in
# one run, as a ratio.
#
#   bench/work-order-detail.sh
#
# 1. creates a fresh database and starts target/wrench.jar (in-process cache: no REDIS_URL);
# 2. makes a technician with an hourly rate, a 20-item checklist template, a plain work order and
#    a full one (created from the template, every item answered, 50 manual time entries);
# 3. reads each by id with hey (BENCH_CONNECTIONS for BENCH_FOR), alternating plain, full, plain,
#    full, so that drift of the host hits both;
# 4. prints to bench/out/detail-<date>/results.md each round's requests/s and p99, and the full
#    one's throughput as a share of the plain one's (target: >= 80 %);
# 5. stops the service and drops the database (also on failure).
#
# Needs PostgreSQL at 127.0.0.1:5432 (postgres, trust), psql, curl, jq, hey, java 17.
# Do not run it while other work shares the machine: its figures would mean nothing.
#
# Environment (defaults): BENCH_CONNECTIONS=32 BENCH_FOR=15s BENCH_DB=wrench_bench_detail
#   BENCH_PORT=18083 BENCH_JAVA_OPTS="-Xmx256m -XX:+UseParallelGC" WRENCH_JAR=target/wrench.jar
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
HOST=127.0.0.1
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
FOR="${BENCH_FOR:-15s}"
DB="${BENCH_DB:-wrench_bench_detail}"
PORT="${BENCH_PORT:-18083}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx256m -XX:+UseParallelGC}"
JAR="${WRENCH_JAR:-$ROOT/target/wrench.jar}"
OUT="${BENCH_OUT:-$BENCH_DIR/out/detail-$(date +%Y%m%d-%H%M%S)}"
export PGHOST=$HOST PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
BASE="http://$HOST:$PORT"

for tool in hey psql curl jq java; do
  command -v "$tool" >/dev/null || { echo "detail: $tool is missing (hey: apt-get install -y hey)" >&2; exit 1; }
done
[[ -f "$JAR" ]] || { echo "detail: $JAR is missing: cd $ROOT && mvn -q -B -o -DskipTests package" >&2; exit 1; }
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/wrench-bench-detail.XXXXXX")"
ADMIN_EMAIL="bench-admin@wrench.local"
ADMIN_PASSWORD="bench-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
SVC_PID="" DB_CREATED=0

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$SVC_PID"
  [[ "$DB_CREATED" == 1 ]] && psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  rm -rf "$WORK"
  (( rc == 0 )) || echo "detail: failed (exit $rc); logs in $OUT" >&2
  exit $rc
}
# shellcheck source=bench/host.sh
source "$BENCH_DIR/host.sh"
# shellcheck source=bench/service.sh
source "$BENCH_DIR/service.sh"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "detail: creating database $DB and starting the service"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
DB_CREATED=1
start_service
TOKEN="$(admin_token)"
AUTH="Authorization: Bearer $TOKEN"
JSON='Content-Type: application/json'
post() { # path body
  curl -fsS -XPOST "$BASE$1" -H "$AUTH" -H "$JSON" -d "$2"
}

TECH=$(post /api/v1/technicians '{"name":"Bench tech","hourly_rate":"42.50"}' | jq -r .id)
ITEMS=$(jq -nc '[range(1; 21) | {key: "check_\(.)", label: "Check \(.)", type: "number",
                                  required: true, min: "0", max: "100", unit: "C"}]')
TEMPLATE=$(post /api/v1/checklist-templates "{\"name\":\"Bench 20\",\"items\":$ITEMS}" | jq -r .id)
PLAIN=$(post /api/v1/work-orders '{"title":"Plain work order"}' | jq -r .id)
FULL=$(post /api/v1/work-orders "{\"title\":\"Full work order\",\"checklist_template_id\":\"$TEMPLATE\"}" | jq -r .id)
for i in $(seq 1 20); do
  curl -fsS -o /dev/null -XPATCH "$BASE/api/v1/work-orders/$FULL/checklist/items/check_$i" -H "$AUTH" \
    -H 'If-Match: *' -H 'Content-Type: application/merge-patch+json' -d "{\"value\": $((i * 4))}"
done
for i in $(seq 1 50); do
  post "/api/v1/work-orders/$FULL/time-entries" \
    "{\"technician_id\":\"$TECH\",\"started_at\":\"2026-12-01T08:00:00Z\",\"minutes\":$((10 + i))}" >/dev/null
done
ANSWERED=$(curl -fsS "$BASE/api/v1/work-orders/$FULL/checklist" -H "$AUTH" | jq '[.items[] | select(.value != null)] | length')
ENTRIES=$(psql -X -At -d "$DB" -c "SELECT count(*) FROM time_entries WHERE work_order_id = '$FULL'")
COSTS=$(curl -fsS "$BASE/api/v1/work-orders/$FULL" -H "$AUTH" | jq -c .costs)
echo "detail: full work order $FULL: $ANSWERED answered items, $ENTRIES time entries, costs $COSTS"
(( ANSWERED == 20 && ENTRIES == 50 )) || { echo "detail: the full work order is not full" >&2; exit 1; }

round() { # name id -> "req/s p99_ms"
  hey -z "$FOR" -c "$CONNECTIONS" -H "$AUTH" "$BASE/api/v1/work-orders/$2" >"$OUT/hey-$1.txt"
  awk '/Requests\/sec/ { r = $2 } / 99% in / { p = $3 * 1000 } END { printf "%.0f %.1f\n", r, p }' "$OUT/hey-$1.txt"
}
# Warm-up: both paths compiled and cached before anything counts.
WARM_FOR=5s
hey -z "$WARM_FOR" -c "$CONNECTIONS" -H "$AUTH" "$BASE/api/v1/work-orders/$PLAIN" >/dev/null
hey -z "$WARM_FOR" -c "$CONNECTIONS" -H "$AUTH" "$BASE/api/v1/work-orders/$FULL" >/dev/null
read -r P1 P1P99 < <(round plain-1 "$PLAIN")
read -r F1 F1P99 < <(round full-1 "$FULL")
read -r P2 P2P99 < <(round plain-2 "$PLAIN")
read -r F2 F2P99 < <(round full-2 "$FULL")
SHARE=$(awk -v p=$((P1 + P2)) -v f=$((F1 + F2)) 'BEGIN { printf "%.0f", 100 * f / p }')
{
  echo "# Work order detail benchmark, $(date -u +%FT%TZ)"
  echo
  echo "commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); $(machine_describe)"
  echo "c=$CONNECTIONS, $FOR a round; the full work order: 20 answered checklist items, 50 time entries, costs $COSTS"
  echo
  echo "| round | requests/s | p99 |"
  echo "| --- | --- | --- |"
  echo "| plain 1 | $P1 | $P1P99 ms |"
  echo "| full 1 | $F1 | $F1P99 ms |"
  echo "| plain 2 | $P2 | $P2P99 ms |"
  echo "| full 2 | $F2 | $F2P99 ms |"
  echo
  echo "full / plain: $SHARE % (target >= 80 %)"
  if (( SHARE >= 80 )); then echo "target: PASS"; else echo "target: FAIL"; fi
} | tee "$OUT/results.md"
