#!/usr/bin/env bash
# Measures what a large attachment upload costs the service's heap (issue 4: "a 1 GiB upload
# must not raise the heap by more than a few MiB").
#
#   bench/attachments-upload.sh [SIZE_MIB]      (default 1024)
#
# 1. creates a fresh database on PostgreSQL at 127.0.0.1 (dropped again at the end),
# 2. starts target/wrench.jar with a deliberately small heap (BENCH_JAVA_OPTS, default
#    -Xmx96m: an upload held in memory could not even fit) and a GC log,
# 3. writes a SIZE_MIB text file and uploads it with curl (multipart, streamed from the file) to
#    the embedded folder store, or to S3 when S3_ENDPOINT/S3_BUCKET/... are set,
# 4. prints the heap after each GC before and during the upload (the live heap), the upload's
#    time and throughput, and checks the stored size and SHA-256.
#
# Environment: BENCH_DB=wrench_bench_attach, BENCH_PORT=18081, BENCH_JAVA_OPTS,
# WRENCH_JAR=target/wrench.jar, BENCH_OUT=bench/out/attachments-<date>, PGPORT/PGUSER.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
SIZE_MIB="${1:-1024}"
DB="${BENCH_DB:-wrench_bench_attach}"
PORT="${BENCH_PORT:-18081}"
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx96m -XX:+UseParallelGC}"
JAR="${WRENCH_JAR:-$ROOT/target/wrench.jar}"
OUT="${BENCH_OUT:-$ROOT/bench/out/attachments-$(date -u +%Y%m%dT%H%M%SZ)}"
export PGHOST=127.0.0.1 PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
mkdir -p "$OUT"
PID=""
cleanup() {
  [[ -n "$PID" ]] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
  psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -f "$OUT/upload.bin"
}
trap cleanup EXIT

psql -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null
psql -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
PASSWORD="bench-admin-password-$RANDOM"
# shellcheck disable=SC2086
DATABASE_URL="postgresql://$PGUSER@127.0.0.1:$PGPORT/$DB" HTTP_PORT="$PORT" HTTP_HOST=127.0.0.1 \
  BOOTSTRAP_ADMIN_PASSWORD="$PASSWORD" JWT_KEY_DIR="$OUT/keys" ATTACHMENTS_DIR="$OUT/attachments" \
  ATTACHMENT_MAX_SIZE_BYTES=$(( (SIZE_MIB + 1) * 1024 * 1024 )) \
  java $JAVA_OPTS -Xlog:gc:file="$OUT/gc.log" -jar "$JAR" > "$OUT/service.log" 2>&1 &
PID=$!
B="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
  curl -fs "$B/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
TOKEN=$(curl -fs -XPOST "$B/oauth/token" -d grant_type=password -d username=admin@wrench.local \
  --data-urlencode "password=$PASSWORD" | jq -r .access_token)
WO=$(curl -fs -XPOST "$B/api/v1/work-orders" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"title":"upload benchmark"}' | jq -r .id)

head -c $((SIZE_MIB * 1024 * 1024)) < <(yes "Replace the filter of AHU-3 and check the belt tension.") > "$OUT/upload.bin"
EXPECTED_SHA=$(sha256sum "$OUT/upload.bin" | cut -d' ' -f1)
jcmd "$PID" GC.run >/dev/null
BEFORE_LINES=$(wc -l < "$OUT/gc.log")
START=$(date +%s.%N)
curl -fs -XPOST "$B/api/v1/work-orders/$WO/attachments" -H "Authorization: Bearer $TOKEN" \
  -F "file=@$OUT/upload.bin;filename=big.txt;type=text/plain" > "$OUT/created.json"
END=$(date +%s.%N)

echo "upload of $SIZE_MIB MiB: $(echo "$END - $START" | bc) s, $(echo "scale=1; $SIZE_MIB / ($END - $START)" | bc) MiB/s"
echo "stored size $(jq -r .size "$OUT/created.json"), sha256 matches: $([[ $(jq -r .sha256 "$OUT/created.json") == "$EXPECTED_SHA" ]] && echo yes || echo NO)"
# Heap after each collection (the live heap), before and during the upload.
after_gc() { grep -oE '[0-9]+M->[0-9]+M' | sed -E 's/.*->([0-9]+)M/\1/'; }
BASE=$(head -n "$BEFORE_LINES" "$OUT/gc.log" | after_gc | tail -1)
MAX=$(tail -n +"$((BEFORE_LINES + 1))" "$OUT/gc.log" | after_gc | sort -n | tail -1)
COUNT=$(tail -n +"$((BEFORE_LINES + 1))" "$OUT/gc.log" | grep -c 'Pause' || true)
echo "heap after GC before the upload: ${BASE} MiB; highest after any of the $COUNT GCs during it: ${MAX:-n/a} MiB"
echo "JVM: $JAVA_OPTS; logs in $OUT"
