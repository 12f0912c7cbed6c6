#!/usr/bin/env bash
# The cache benchmark: GET by id uncached, with the cache cold and with it warm, without Redis
# (in-process cache and limits) and with Redis (REDIS_URL), on one seeded database, in one run,
# so that the figures compare as ratios on this noisy 2-core machine.
#
#   bench/cache.sh [N]          N work orders to seed (default 1000000)
#
# Six services, one after the other, each measured by bench/run.sh (get_by_id at -c32 and -c128
# after a warm-up, BENCH_DURATION each) on the database that the first one seeds:
#
#   uncached           CACHE_ENABLED=false: every read goes to PostgreSQL
#   cold               cache on, random ids over all N rows: nearly every read misses (the
#                      cost of a miss: the lookup, the database read and the fill)
#   warm               cache on, a hot set of BENCH_HOT_IDS ids read once before (warm-up)
#   redis uncached     the same three with REDIS_URL: cache and rate limits in Redis
#   redis cold
#   redis warm
#
# The rate limiter's cost: it runs on every request in every configuration (limits raised
# through configuration, never removed): uncached without Redis vs with Redis is the price of
# the shared limiter over the in-process one (service CPU + redis-server CPU per request).
#
# Environment (defaults): BENCH_HOT_IDS=10000, BENCH_REDIS_URL=redis://127.0.0.1:6379,
# BENCH_DURATION=20s, BENCH_WARMUP=10s, BENCH_CONNECTIONS="32 128"; run.sh's variables pass
# through. Results: bench/out/cache-<date>/results.md (each service's run in a folder of its own).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${1:-1000000}"
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1 ]] || { echo "usage: $0 [N >= 1]" >&2; exit 2; }
HOT="${BENCH_HOT_IDS:-10000}"
REDIS_URL_FOR_BENCH="${BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
OUT="${BENCH_OUT:-$BENCH_DIR/out/cache-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
DB="${BENCH_DB:-wrench_bench_cache}"
PREFIX="bench-$(date +%s)"
export BENCH_DB="$DB" PGHOST=127.0.0.1 PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export BENCH_ADMIN_PASSWORD="bench-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export BENCH_SCENARIOS=get_by_id BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-32 128}"

REDIS_PID="$(pgrep -x redis-server | head -1 || true)"
[[ -n "$REDIS_PID" ]] || { echo "cache: no redis-server running (see bench/README.md)" >&2; exit 1; }
redis_cli() { redis-cli -u "$REDIS_URL_FOR_BENCH" "$@"; }

cleanup() {
  local rc=$?
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  # The run's keys only: other users of this Redis keep theirs.
  if command -v redis-cli >/dev/null; then
    redis_cli --scan --pattern "$PREFIX:*" | xargs -r -n 500 redis-cli -u "$REDIS_URL_FOR_BENCH" DEL >/dev/null || true
  fi
  (( rc == 0 )) || echo "cache: failed (exit $rc); logs in $OUT" >&2
}
trap cleanup EXIT

# run <label> <ids file> <service env...>
LABELS=()
run() {
  local label="$1" ids="$2"
  shift 2
  echo
  echo "######## $label"
  BENCH_OUT="$OUT/$label" BENCH_IDS="$ids" BENCH_WARMUP_SCENARIO=get_by_id \
    BENCH_SERVICE_ENV="$*" "$BENCH_DIR/run.sh" "$N"
  LABELS+=("$label")
}

# The first service seeds (every id in ids.txt, so that "cold" reads rarely repeat) and keeps
# the database for the others.
BENCH_KEEP_DB=1 SEED_ID_SAMPLE="$N" run uncached ids.txt CACHE_ENABLED=false
export BENCH_REUSE_DB=1 BENCH_SEED_DIR="$OUT/uncached"
head -n "$HOT" "$BENCH_SEED_DIR/ids.txt" > "$BENCH_SEED_DIR/ids-hot.txt"
cp "$BENCH_SEED_DIR/ids-hot.txt" "$OUT/"

run cold ids.txt
run warm ids-hot.txt
export BENCH_REDIS_PID="$REDIS_PID"
run redis-uncached ids.txt CACHE_ENABLED=false "REDIS_URL=$REDIS_URL_FOR_BENCH" "REDIS_KEY_PREFIX=$PREFIX"
run redis-cold ids.txt "REDIS_URL=$REDIS_URL_FOR_BENCH" "REDIS_KEY_PREFIX=$PREFIX"
run redis-warm ids-hot.txt "REDIS_URL=$REDIS_URL_FOR_BENCH" "REDIS_KEY_PREFIX=$PREFIX"

value() { # label conns field
  awk -v c="$2" -v f="$3" '$1 == c { print $f }' "$OUT/$1/rows.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
{
  echo "Wrench cache benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:   $(git -C "$BENCH_DIR/.." rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "command:  bench/cache.sh $N (hot set $HOT ids; Redis $REDIS_URL_FOR_BENCH)"
  echo "machine:  $(nproc) cores, load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| service | conns | req/s | vs uncached | p50 ms | p95 ms | p99 ms | non-2xx/3xx | socket errors | service CPU µs/req | redis-server CPU µs/req |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for label in "${LABELS[@]}"; do
    base=uncached
    [[ "$label" == redis-* ]] && base=redis-uncached
    while read -r conns _ _ rps p50 p95 p99 _ non2xx c r w t cpu redis_cpu; do
      echo "| $label | $conns | $rps | $(ratio "$rps" "$(value "$base" "$conns" 4)")× | $p50 | $p95 | $p99 | $non2xx | $(( c + r + w + t )) | $cpu | ${redis_cpu:-0} |"
    done < "$OUT/$label/rows.txt"
  done
  echo
  for conns in $BENCH_CONNECTIONS; do
    echo "Rate limiter at c$conns: service CPU $(value uncached "$conns" 14) µs/request with in-process limits," \
      "$(value redis-uncached "$conns" 14) µs + $(value redis-uncached "$conns" 15) µs in redis-server with the shared limiter (cache off in both)."
  done
  echo
  echo "Targets (c32): warm ≥ 1.5× uncached: in-process $(ratio "$(value warm 32 4)" "$(value uncached 32 4)")×," \
    "Redis $(ratio "$(value redis-warm 32 4)" "$(value redis-uncached 32 4)")×; warm p99 ≤ 10 ms: in-process $(value warm 32 7) ms, Redis $(value redis-warm 32 7) ms"
} | tee "$OUT/results.md"
echo
echo "Results in $OUT/results.md"
