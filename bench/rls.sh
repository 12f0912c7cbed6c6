#!/usr/bin/env bash
# What the second wall between tenants costs: the same scenarios with row-level security on (the
# default: each request's SQL in a transaction that sets wrench.org_id, as the role wrench_app
# that the policies bind) and off (DATABASE_ROW_SECURITY=false: statements straight on the pool as
# the connecting superuser, which RLS does not bind), on one seeded database, in one run, so that
# the figures compare as ratios on this noisy 2-core machine.
#
#   bench/rls.sh [N]          N work orders to seed (default 1000000)
#
# Three services, one after the other, each measured by bench/run.sh (BENCH_SCENARIOS, default
# get_by_id list_filtered list_q create, at BENCH_CONNECTIONS after a warm-up), with the cache off
# so that every read reaches PostgreSQL:
#
#   off        DATABASE_ROW_SECURITY=false (seeds the database and keeps it)
#   on         the default: the wall up
#   off-again  the first service once more: the spread between off and off-again is the noise
#
# Environment (defaults): BENCH_DURATION=20s, BENCH_WARMUP=10s, BENCH_CONNECTIONS="32 128",
# BENCH_SCENARIOS="get_by_id list_filtered list_q create"; run.sh's variables pass through.
# Results: bench/out/rls-<date>/results.md (each service's run in a folder of its own).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
N="${1:-1000000}"
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1 ]] || { echo "usage: $0 [N >= 1]" >&2; exit 2; }
OUT="${BENCH_OUT:-$BENCH_DIR/out/rls-$(date +%Y%m%d-%H%M%S)}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
DB="${BENCH_DB:-wrench_bench_rls}"
export BENCH_DB="$DB" PGHOST=127.0.0.1 PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export BENCH_ADMIN_PASSWORD="bench-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
export BENCH_SCENARIOS="${BENCH_SCENARIOS:-get_by_id list_filtered list_q create}"
export BENCH_CONNECTIONS="${BENCH_CONNECTIONS:-32 128}" BENCH_CREATE_CONNECTIONS="${BENCH_CREATE_CONNECTIONS:-32 128}"

# "off" is only meaningful when the service connects as a role that RLS does not bind.
SUPER="$(psql -X -At -d postgres -c "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")"
[[ "$SUPER" == t ]] || { echo "rls: $PGUSER must be a superuser or BYPASSRLS for the 'off' runs" >&2; exit 1; }

cleanup() {
  local rc=$?
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  (( rc == 0 )) || echo "rls: failed (exit $rc); logs in $OUT" >&2
}
trap cleanup EXIT

LABELS=()
run() { # <label> <service env...>
  local label="$1"
  shift
  echo
  echo "######## $label"
  BENCH_OUT="$OUT/$label" BENCH_SERVICE_ENV="CACHE_ENABLED=false $*" "$BENCH_DIR/run.sh" "$N"
  LABELS+=("$label")
}

BENCH_KEEP_DB=1 run off DATABASE_ROW_SECURITY=false
export BENCH_REUSE_DB=1 BENCH_SEED_DIR="$OUT/off" BENCH_KEEP_DB=1
run on DATABASE_ROW_SECURITY=true
run off-again DATABASE_ROW_SECURITY=false

value() { # label scenario conns field
  awk -v s="$2" -v c="$3" -v f="$4" '$1 == c && $3 == s { print $f }' "$OUT/$1/rows.txt"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
{
  echo "Wrench row-level security benchmark, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:   $(git -C "$BENCH_DIR/.." rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "command:  bench/rls.sh $N (cache off in every run)"
  echo "machine:  $(nproc) cores, load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| service | scenario | conns | req/s | vs off | p50 ms | p95 ms | p99 ms | non-2xx/3xx | socket errors | service CPU µs/req |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for label in "${LABELS[@]}"; do
    while read -r conns _ scenario rps p50 p95 p99 _ non2xx c r w t cpu _; do
      echo "| $label | $scenario | $conns | $rps | $(ratio "$rps" "$(value off "$scenario" "$conns" 4)")× | $p50 | $p95 | $p99 | $non2xx | $(( c + r + w + t )) | $cpu |"
    done < "$OUT/$label/rows.txt"
  done
} | tee "$OUT/results.md"
echo
echo "Results in $OUT/results.md"
