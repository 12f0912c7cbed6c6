#!/usr/bin/env bash
# A/B of two builds of Wrench on one seeded database, interleaved, on this machine (bench/README.md).
#
#   bench/ab.sh JAR_A JAR_B [N] [ROUNDS]
#
# Seeds N work orders (default 200,000) once with JAR_A through bench/run.sh (that first run is a
# warm-up of the database and is not counted), then measures ROUNDS rounds (default 3) of both
# builds on that same database, alternating which goes first (A B, B A, A B, ...), so that a slow
# or fast stretch of this shared host falls on both. Prints, per scenario and connection count,
# each build's median req/s and service CPU per request over its rounds and the ratio B/A.
# The run.sh variables pass through (BENCH_SCENARIOS, BENCH_DURATION, BENCH_WARMUP...); the
# connection counts default to 32 only. Output: bench/out/ab-<date>/ (summary.md, one folder per
# run). The database is dropped at the end.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "$0")" && pwd)"
[[ $# -ge 2 ]] || { echo "usage: bench/ab.sh JAR_A JAR_B [N] [ROUNDS]" >&2; exit 2; }
JAR_A="$(realpath "$1")"
JAR_B="$(realpath "$2")"
N="${3:-200000}"
ROUNDS="${4:-3}"
OUT="${BENCH_OUT:-$BENCH_DIR/out/ab-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
DB="${BENCH_DB:-wrench_bench}"
PASSWORD="bench-ab-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-32}"
export BENCH_CREATE_CONNECTIONS="${BENCH_CREATE_CONNECTIONS:-32}"
export BENCH_DB="$DB"

cleanup() { psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; }
trap cleanup EXIT

{
  echo "A: $JAR_A ($(sha256sum "$JAR_A" | cut -c1-12))"
  echo "B: $JAR_B ($(sha256sum "$JAR_B" | cut -c1-12))"
  echo "N: $N work orders, $ROUNDS rounds, connections $BENCH_CONNECTIONS (create $BENCH_CREATE_CONNECTIONS)"
} | tee "$OUT/header.txt"

echo "== seeding with A (not counted)"
BENCH_KEEP_DB=1 BENCH_ADMIN_PASSWORD="$PASSWORD" WRENCH_JAR="$JAR_A" BENCH_OUT="$OUT/seed" \
  "$BENCH_DIR/run.sh" "$N" > "$OUT/seed.log" 2>&1

measure() { # side round
  local side="$1" round="$2" jar
  jar="$JAR_A"; [[ "$side" == B ]] && jar="$JAR_B"
  echo "== round $round: $side"
  BENCH_REUSE_DB=1 BENCH_KEEP_DB=1 BENCH_SEED_DIR="$OUT/seed" BENCH_ADMIN_PASSWORD="$PASSWORD" \
    WRENCH_JAR="$jar" BENCH_OUT="$OUT/$round-$side" "$BENCH_DIR/run.sh" "$N" > "$OUT/$round-$side.log" 2>&1
}
for round in $(seq 1 "$ROUNDS"); do
  if (( round % 2 == 1 )); then measure A "$round"; measure B "$round"
  else measure B "$round"; measure A "$round"; fi
done

# rows.txt fields (run.sh): 1 conns 2 RESULT 3 scenario 4 rps 5 p50 6 p95 7 p99 8 requests
# 9 non2xx 10-13 socket errors 14 service CPU µs/req
for side in A B; do
  for round in $(seq 1 "$ROUNDS"); do
    sed "s/^/$side $round /" "$OUT/$round-$side/rows.txt"
  done
done > "$OUT/all-rows.txt"

awk '
  function median(list,   n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { key = $5 " c" $3; keys[key] = 1; rps[$1, key] = rps[$1, key] " " $6; cpu[$1, key] = cpu[$1, key] " " $16
    p99[$1, key] = p99[$1, key] " " $9 }
  END {
    print "| scenario | A req/s (median) | B req/s (median) | B/A | A p99 ms | B p99 ms | A CPU µs/req | B CPU µs/req | B/A CPU |"
    print "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for (key in keys) {
      ra = median(rps["A", key]); rb = median(rps["B", key]); ca = median(cpu["A", key]); cb = median(cpu["B", key])
      printf "| %s | %.0f | %.0f | %.3f | %.1f | %.1f | %.0f | %.0f | %.3f |\n", key, ra, rb, rb / ra, \
        median(p99["A", key]), median(p99["B", key]), ca, cb, (ca > 0 ? cb / ca : 0)
    }
    print ""
    print "Every round (req/s):"
    for (key in keys) printf "- %s: A%s; B%s\n", key, rps["A", key], rps["B", key]
  }' "$OUT/all-rows.txt" | tee "$OUT/summary.md"
