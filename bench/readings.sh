#!/usr/bin/env bash
# Readings ingest (issue 19: "readings ingest >= 20,000 readings/s in batches of 1,000").
#
#   bench/readings.sh [BATCHES_PER_METER] [METERS]      (default 25 and 8: 200,000 readings)
#
# 1. creates a fresh database on PostgreSQL at 127.0.0.1 (dropped again at the end) and starts
#    target/wrench.jar on it,
# 2. makes one asset and METERS counter meters, each with one meter-triggered preventive
#    maintenance schedule (every 5,000), so that the triggers are evaluated as in production,
# 3. writes BATCHES_PER_METER batches of 1,000 readings per meter (a minute apart, rising), each
#    meter's batches in taken_at order,
# 4. posts them: one client per meter, its batches one after the other (a meter's batches are
#    serialised by its row lock anyway), all meters at once; then prints readings/s, the batches'
#    latency percentiles, and checks that every reading was accepted and how many occurrences the
#    schedules recorded.
#
# Environment: BENCH_DB=wrench_bench_readings, BENCH_PORT=18082, BENCH_JAVA_OPTS,
# WRENCH_JAR=target/wrench.jar, BENCH_OUT=bench/out/readings-<date>, PGPORT/PGUSER.
# Needs curl, jq, gawk and psql. A short run: this machine is shared; results go to RESULTS.md.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
PER_METER="${1:-25}"
METERS="${2:-8}"
DB="${BENCH_DB:-wrench_bench_readings}"
PORT="${BENCH_PORT:-18082}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx256m -XX:+UseParallelGC}"
JAR="${WRENCH_JAR:-$ROOT/target/wrench.jar}"
OUT="${BENCH_OUT:-$ROOT/bench/out/readings-$(date -u +%Y%m%dT%H%M%SZ)}"
export PGHOST=127.0.0.1 PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
mkdir -p "$OUT/batches"
PID=""
cleanup() {
  [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$OUT/batches"
}
trap cleanup EXIT

psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null
psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
PASSWORD="bench-admin-password-$RANDOM"
# shellcheck disable=SC2086
DATABASE_URL="postgresql://$PGUSER@127.0.0.1:$PGPORT/$DB" HTTP_PORT="$PORT" HTTP_HOST=127.0.0.1 \
  BOOTSTRAP_ADMIN_PASSWORD="$PASSWORD" JWT_KEY_DIR="$OUT/keys" ATTACHMENTS_DIR="$OUT/attachments" \
  RATE_LIMIT_PER_MINUTE=1000000 \
  java $JAVA_OPTS -jar "$JAR" > "$OUT/service.log" 2>&1 &
PID=$!
B="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  curl -fs "$B/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
TOKEN=$(curl -fs -XPOST "$B/oauth/token" -d grant_type=password -d username=admin@wrench.local \
  --data-urlencode "password=$PASSWORD" | jq -r .access_token)
post() { curl -fs -XPOST "$B$1" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$2"; }

ASSET=$(post /api/v1/assets '{"name":"bench compressor"}' | jq -r .id)
METER_IDS=()
for m in $(seq 1 "$METERS"); do
  id=$(post /api/v1/meters "{\"asset_id\":\"$ASSET\",\"name\":\"hours $m\",\"unit\":\"h\",\"kind\":\"counter\"}" | jq -r .id)
  post /api/v1/pm-schedules "{\"title\":\"service $m\",\"trigger\":{\"type\":\"meter\",\"meter_id\":\"$id\",\"every\":\"5000\"}}" >/dev/null
  METER_IDS+=("$id")
done

# Batch b of a meter: readings b*1000 .. b*1000+999, a minute apart from 2027-01-01, +3 each.
for m in $(seq 0 $((METERS - 1))); do
  gawk -v per="$PER_METER" -v dir="$OUT/batches" -v m="$m" 'BEGIN {
    base = mktime("2027 01 01 00 00 00", 1)
    for (b = 0; b < per; b++) {
      file = sprintf("%s/%d-%05d.json", dir, m, b)
      printf "{\"readings\":[" > file
      for (i = 0; i < 1000; i++) {
        n = b * 1000 + i
        printf "%s{\"value\":\"%d.5\",\"taken_at\":\"%s\"}", (i ? "," : ""), n * 3,
          strftime("%Y-%m-%dT%H:%M:%SZ", base + n * 60, 1) > file
      }
      printf "]}" > file
      close(file)
    }
  }'
done

feed() { # meter index, meter id: its batches in order, one line per batch: status seconds accepted
  local m="$1" id="$2" f
  for f in "$OUT/batches/$m"-*.json; do
    curl -s -o "$OUT/answer-$m.json" -w '%{http_code} %{time_total} ' -XPOST \
      "$B/api/v1/meters/$id/readings" -H "Authorization: Bearer $TOKEN" \
      -H 'Content-Type: application/json' --data-binary "@$f"
    jq -r '.accepted // 0' "$OUT/answer-$m.json"
  done > "$OUT/feed-$m.txt"
}

# The service's CPU time (user + system clock ticks): per batch, less sensitive to a busy host.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
CPU_START=$(cpu_ticks)
START=$(date +%s.%N)
for m in $(seq 0 $((METERS - 1))); do
  feed "$m" "${METER_IDS[$m]}" &
done
wait $(jobs -p | grep -v "^$PID$") 2>/dev/null || true
END=$(date +%s.%N)
CPU_END=$(cpu_ticks)

cat "$OUT"/feed-*.txt > "$OUT/batches.txt"
TOTAL=$(awk '{s += $3} END {print s}' "$OUT/batches.txt")
FAILED=$(awk '$1 != 201' "$OUT/batches.txt" | wc -l)
ELAPSED=$(echo "$END - $START" | bc)
echo "readings accepted: $TOTAL of $((PER_METER * METERS * 1000)) in $(wc -l < "$OUT/batches.txt") batches ($FAILED not 201)"
echo "elapsed: ${ELAPSED} s, $(echo "scale=0; $TOTAL / $ELAPSED" | bc) readings/s with $METERS meters at once"
sort -n -k2 "$OUT/batches.txt" | awk '{t[NR] = $2} END {
  printf "batch latency: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    t[int(NR * 0.5)] * 1000, t[int(NR * 0.95)] * 1000, t[int(NR * 0.99)] * 1000, t[NR] * 1000 }'
BATCHES=$(wc -l < "$OUT/batches.txt")
echo "service CPU: $(echo "scale=1; ($CPU_END - $CPU_START) * 1000 / $(getconf CLK_TCK) / $BATCHES" | bc) ms per batch of 1,000"
echo "occurrences recorded: $(psql -At -d "$DB" -c 'SELECT count(*) FROM pm_occurrences')" \
  "(expected $((METERS * ((PER_METER * 1000 - 1) * 3 / 5000))))"
echo "JVM: $JAVA_OPTS; logs in $OUT"
