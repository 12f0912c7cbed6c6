#!/usr/bin/env bash
# Seeds a migrated Wrench database with benchmark data: N work orders (default 1,000,000)
# plus assets, technicians and users of the default organization, then VACUUM ANALYZE, and
# dumps the files the wrk scenarios read (ids, asset ids, search terms) into the out directory.
#
#   bench/seed.sh [N]
#
# Environment (defaults):
#   PGPORT=5432 PGUSER=postgres  PostgreSQL at 127.0.0.1 (the host is always 127.0.0.1)
#   BENCH_DB=wrench_bench        the database; must be migrated (start the service once, or
#                                SEED_MIGRATE=1 runs `java -jar target/wrench.jar migrate` first)
#   BENCH_OUT=bench/out          where ids.txt, assets.txt, technicians.txt, terms.tsv, seed.env go
#   SEED_ASSETS=10000 SEED_TECHNICIANS=200 SEED_REQUESTERS=50
#   SEED_JOBS=$(nproc)           parallel psql sessions for the work order load and index builds
#   SEED_HISTORY=1               also write one 'created' history row per work order, as the API does
#   SEED_ID_SAMPLE=100000        how many random work order ids go to ids.txt (get-by-id reads them)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
N="${1:-1000000}"
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1 ]] || { echo "usage: $0 [N >= 1]" >&2; exit 2; }

export PGHOST=127.0.0.1 PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGDATABASE="${BENCH_DB:-wrench_bench}"
# JIT off: the generating INSERT is estimated far above jit_above_cost and compiling it costs
# more than running it.
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning -c jit=off"
OUT="${BENCH_OUT:-$BENCH_DIR/out}"
ASSETS="${SEED_ASSETS:-10000}"
TECHNICIANS="${SEED_TECHNICIANS:-200}"
REQUESTERS="${SEED_REQUESTERS:-50}"
JOBS="${SEED_JOBS:-$(nproc)}"
HISTORY="${SEED_HISTORY:-1}"
ID_SAMPLE="${SEED_ID_SAMPLE:-100000}"
ORG=00000000-0000-0000-0000-000000000001
mkdir -p "$OUT"

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
now_ms() { date +%s%3N; }
phase() { local t; t=$(now_ms); printf '  %-44s %7.1f s\n' "$1" "$(( t - phase_start ))e-3"; phase_start=$t; }

if ! "${PSQL[@]}" -Atc "SELECT to_regclass('public.work_orders') IS NOT NULL" | grep -qx t; then
  if [[ "${SEED_MIGRATE:-0}" == 1 ]]; then
    echo "seed: database $PGDATABASE is not migrated; running the migrations"
    DATABASE_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/$PGDATABASE" \
      java -Xmx256m -XX:+UseParallelGC -jar "${WRENCH_JAR:-$ROOT/target/wrench.jar}" migrate >"$OUT/migrate.log" 2>&1 \
      || { cat "$OUT/migrate.log" >&2; exit 1; }
  else
    echo "seed: database $PGDATABASE has no work_orders table: start the service on it once (it migrates)," >&2
    echo "      or set SEED_MIGRATE=1 to run 'java -jar target/wrench.jar migrate' first" >&2
    exit 1
  fi
fi
existing=$("${PSQL[@]}" -Atc "SELECT count(*) FROM work_orders")
if [[ "$existing" != 0 ]]; then
  echo "seed: work_orders already has $existing rows; seed a fresh database" >&2
  exit 1
fi

T0=$(now_ms)
phase_start=$T0
echo "seed: $N work orders, $ASSETS assets, $TECHNICIANS technicians, $REQUESTERS requesters into $PGDATABASE ($JOBS jobs)"
"${PSQL[@]}" -v assets="$ASSETS" -v technicians="$TECHNICIANS" -v requesters="$REQUESTERS" -f "$BENCH_DIR/sql/seed-reference.sql" >/dev/null
phase "users, technicians, assets"

# Bulk load with the secondary indexes dropped, then build them once (much faster than
# maintaining 9 indexes, one of them GIN, row by row). Constraint indexes stay.
TABLES="'work_orders', 'work_order_history'"
"${PSQL[@]}" <<SQL
CREATE TABLE bench_seed.saved_indexes AS
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def, am.amname
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
WHERE i.indrelid IN (SELECT oid FROM pg_class WHERE relname IN ($TABLES) AND relnamespace = 'public'::regnamespace)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid);
SELECT format('DROP INDEX %s', name) FROM bench_seed.saved_indexes \gexec
SQL
phase "drop secondary indexes"

# Run one psql per chunk, at most JOBS at a time; fail if any fails.
run_chunks() { # file
  local file="$1" per=$(( (N + JOBS - 1) / JOBS )) lo hi pids=() job=0 rc=0
  for (( lo = 1; lo <= N; lo += per )); do
    hi=$(( lo + per - 1 )); (( hi > N )) && hi=$N
    job=$(( job + 1 ))
    "${PSQL[@]}" -v lo="$lo" -v hi="$hi" -v total="$N" -v seed="0.$(( 1000 + job ))" -f "$file" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  return $rc
}
run_chunks "$BENCH_DIR/sql/seed-work-orders.sql"
phase "work orders"
if [[ "$HISTORY" == 1 ]]; then
  run_chunks "$BENCH_DIR/sql/seed-history.sql"
  phase "history"
fi

# Rebuild the dropped indexes, GIN and btree ones in separate sessions.
"${PSQL[@]}" -Atc "SELECT def FROM bench_seed.saved_indexes ORDER BY (amname = 'gin') DESC, name" > "$OUT/.indexes.sql"
pids=(); rc=0
for (( j = 0; j < JOBS; j++ )); do
  awk -v j="$j" -v n="$JOBS" '(NR - 1) % n == j { print $0 ";" }' "$OUT/.indexes.sql" \
    | "${PSQL[@]}" -c "SET maintenance_work_mem = '512MB'" -f - &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
(( rc == 0 )) || { echo "seed: rebuilding indexes failed" >&2; exit 1; }
rm -f "$OUT/.indexes.sql"
phase "rebuild secondary indexes"

# The next work order created through the API continues the per-organization sequence.
"${PSQL[@]}" -Atc "SELECT setval(wo_number_sequence_name('$ORG')::regclass, max(number)) FROM work_orders WHERE org_id = '$ORG'" >/dev/null
"${PSQL[@]}" -c "VACUUM (ANALYZE) work_orders" -c "VACUUM (ANALYZE) work_order_history" \
  -c "VACUUM (ANALYZE) assets" -c "VACUUM (ANALYZE) technicians" -c "VACUUM (ANALYZE) users"
phase "setval, VACUUM ANALYZE"

# Files for the scenarios.
"${PSQL[@]}" -Atc "SELECT id FROM work_orders WHERE deleted_at IS NULL ORDER BY random() LIMIT $ID_SAMPLE" > "$OUT/ids.txt"
"${PSQL[@]}" -Atc "SELECT id FROM assets WHERE deleted_at IS NULL ORDER BY name" > "$OUT/assets.txt"
"${PSQL[@]}" -Atc "SELECT id FROM technicians WHERE deleted_at IS NULL AND active ORDER BY name" > "$OUT/technicians.txt"
# Words by kind: the q scenario draws search terms from them (numbers it makes itself), the
# create scenario titles.
"${PSQL[@]}" -At -F $'\t' <<'SQL' > "$OUT/terms.tsv"
SELECT kind, lower(word) FROM bench_seed.words
WHERE kind IN ('verb', 'component', 'symptom', 'place', 'building', 'kind', 'rare')
UNION ALL
SELECT 'asset', name FROM (SELECT name FROM assets ORDER BY md5(name) LIMIT 200) a
UNION ALL
SELECT 'pair', c.word || ' ' || s.word
FROM (SELECT word FROM bench_seed.words WHERE kind = 'component' AND rank <= 20) c
CROSS JOIN (SELECT word FROM bench_seed.words WHERE kind = 'symptom' AND rank <= 10) s;
SQL
wo_count=$("${PSQL[@]}" -Atc "SELECT count(*) FROM work_orders")
size=$("${PSQL[@]}" -Atc "SELECT pg_size_pretty(pg_total_relation_size('work_orders'))")
cat > "$OUT/seed.env" <<ENV
BENCH_ROWS=$wo_count
BENCH_DB=$PGDATABASE
ENV
"${PSQL[@]}" -c "DROP SCHEMA bench_seed CASCADE"
phase "dump scenario files"
printf 'seed: done: %s work orders (work_orders with indexes: %s) in %.1f s\n' "$wo_count" "$size" "$(( $(now_ms) - T0 ))e-3"
