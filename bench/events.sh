#!/usr/bin/env bash
# The events benchmark (issue 5): work order events through the outbox relay to Kafka.
#
#   bench/events.sh
#
# 1. starts a one-node Kafka 4.3.1 broker (KRaft) from the project's test classpath, on its own
#    ports and scratch folder, and creates the topic with BENCH_PARTITIONS partitions;
# 2. creates a fresh database and starts target/wrench.jar with KAFKA_BOOTSTRAP_SERVERS set;
# 3. warm-up: the same load for BENCH_WARMUP, unmeasured, until the outbox is empty again;
#    then steady load: BENCH_RATE writes a second for BENCH_DURATION (hey: BENCH_WORKERS workers, each
#    at RATE/WORKERS a second, creating work orders), while bench/EventLatency.java consumes the
#    topic and measures, per event, the delay from the write's transaction time to the consumer;
# 4. drain: BENCH_BACKLOG events are put in the outbox at once (SQL, unpublished) and the time the
#    relay takes to publish them all to the consumer gives the relay's events per second;
# 5. prints both results (and duplicates / out-of-order counts, which must be 0) and the CPU time
#    each process spent per write during the steady phase to bench/out/events-<date>/results.md;
#    stops everything and drops the database (also on failure).
#
# Target (issue 5): p95 commit-to-consumer delay <= 200 ms at a steady 500 writes/s.
# Needs PostgreSQL at 127.0.0.1:5432 (postgres, trust), psql, curl, jq, hey, java 17, mvn.
# Do not run it while other work shares the machine: its figures would mean nothing.
#
# Environment (defaults): BENCH_RATE=500 BENCH_DURATION=60s BENCH_WARMUP=30s BENCH_WORKERS=50 BENCH_BACKLOG=50000
#   BENCH_PARTITIONS=6 BENCH_DB=wrench_bench_events BENCH_PORT=18081 BENCH_KAFKA_PORT=19092
#   BENCH_JAVA_OPTS="-Xmx256m -XX:+UseParallelGC" WRENCH_JAR=target/wrench.jar
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
HOST=127.0.0.1
RATE="${BENCH_RATE:-500}"
DURATION="${BENCH_DURATION:-60s}"
WARMUP="${BENCH_WARMUP:-30s}"
WORKERS="${BENCH_WORKERS:-50}"
BACKLOG="${BENCH_BACKLOG:-50000}"
PARTITIONS="${BENCH_PARTITIONS:-6}"
DB="${BENCH_DB:-wrench_bench_events}"
PORT="${BENCH_PORT:-18081}"
KAFKA_PORT="${BENCH_KAFKA_PORT:-19092}"
CONTROLLER_PORT=$((KAFKA_PORT + 1))
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx256m -XX:+UseParallelGC}"
JAR="${WRENCH_JAR:-$ROOT/target/wrench.jar}"
TOPIC=wrench.work-orders.events
OUT="${BENCH_OUT:-$BENCH_DIR/out/events-$(date +%Y%m%d-%H%M%S)}"
export PGHOST=$HOST PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
BASE="http://$HOST:$PORT"

for tool in hey psql curl jq java mvn; do
  command -v "$tool" >/dev/null || { echo "events: $tool is missing (hey: apt-get install -y hey)" >&2; exit 1; }
done
[[ -f "$JAR" ]] || { echo "events: $JAR is missing: cd $ROOT && mvn -q -B -o -DskipTests package" >&2; exit 1; }
(( RATE % WORKERS == 0 )) || { echo "events: BENCH_RATE must be a multiple of BENCH_WORKERS" >&2; exit 2; }
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/wrench-bench-events.XXXXXX")"
ADMIN_EMAIL="bench-admin@wrench.local"
ADMIN_PASSWORD="bench-$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
SVC_PID="" KAFKA_PID="" CONSUMER_PID="" DB_CREATED=0

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$CONSUMER_PID"; stop_pid "$SVC_PID"; stop_pid "$KAFKA_PID"
  autovacuum_restore
  [[ "$DB_CREATED" == 1 ]] && psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  rm -rf "$WORK"
  (( rc == 0 )) || echo "events: failed (exit $rc); logs in $OUT" >&2
  exit $rc
}
# shellcheck source=bench/autovacuum.sh
source "$BENCH_DIR/autovacuum.sh"
# shellcheck source=bench/host.sh
source "$BENCH_DIR/host.sh"
# shellcheck source=bench/service.sh
source "$BENCH_DIR/service.sh"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

SPEED_BEFORE="$(host_speed)"
echo "events: host speed $SPEED_BEFORE"
echo "events: resolving the Kafka classpath (test scope of the project)"
(cd "$ROOT" && mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
CP="$(cat "$WORK/cp.txt")"
LOGCONF="-Dlogback.configurationFile=$ROOT/src/test/resources/logback-test.xml"

echo "events: starting Kafka on $HOST:$KAFKA_PORT"
cat >"$WORK/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$KAFKA_PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$WORK/kafka-data
num.partitions=$PARTITIONS
group.initial.rebalance.delay.ms=0
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
PROPS
CLUSTER_ID="$(java $LOGCONF -cp "$CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
java $LOGCONF -cp "$CP" kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$WORK/server.properties" >"$OUT/kafka-format.log" 2>&1
java -Xms256m -Xmx512m -XX:+UseSerialGC $LOGCONF -cp "$CP" kafka.Kafka "$WORK/server.properties" >"$OUT/kafka.log" 2>&1 &
KAFKA_PID=$!
for _ in $(seq 1 600); do (echo >"/dev/tcp/$HOST/$KAFKA_PORT") 2>/dev/null && break; sleep 0.1; done

autovacuum_on
echo "events: creating database $DB and starting the service"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null
DB_CREATED=1
start_service KAFKA_BOOTSTRAP_SERVERS="$HOST:$KAFKA_PORT"
TOKEN="$(admin_token)"
# One work order first: the topic exists (auto-created) before the consumer subscribes.
curl -s -o /dev/null -XPOST "$BASE/api/v1/work-orders" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"title":"warm-up"}'

# Warm-up at the same rate, unmeasured (the consumer reads from the latest offset once started):
# a service measured straight after start-up measures its JIT, which on two saturated cores is
# still compiling 30 s into the load (two back-to-back cold runs gave p95 516 and 628 ms).
if [[ "$WARMUP" != 0 && "$WARMUP" != 0s ]]; then
  echo "events: warm-up, $RATE writes/s for $WARMUP"
  hey -z "$WARMUP" -c "$WORKERS" -q $(( RATE / WORKERS )) -m POST -T application/json \
    -H "Authorization: Bearer $TOKEN" -d '{"title":"Bench warm-up","priority":"medium"}' \
    "$BASE/api/v1/work-orders" >"$OUT/hey-warmup.txt"
  for _ in $(seq 1 600); do
    [[ "$(psql -X -At -d "$DB" -c "SELECT count(*) FROM work_order_events WHERE published_at IS NULL")" == 0 ]] && break
    sleep 0.1
  done
fi

# CPU accounting for the steady phase: clock ticks per process (0 for one that has exited), and the
# machine's busy ticks.
ticks_of() { proc_ticks "$1" 2>/dev/null || echo 0; }
postgres_ticks() { local t=0 p; for p in $(pgrep -x postgres); do t=$(( t + $(ticks_of "$p") )); done; echo "$t"; }
machine_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
cpu_snapshot() { echo "$(ticks_of "$SVC_PID") $(ticks_of "$KAFKA_PID") $(ticks_of "$CONSUMER_PID") $(postgres_ticks) $(machine_ticks)"; }

seconds=${DURATION%s}
expected=$(( RATE * seconds ))
echo "events: steady load, $RATE writes/s for $DURATION ($expected events expected)"
java $LOGCONF -cp "$CP" "$BENCH_DIR/EventLatency.java" "$HOST:$KAFKA_PORT" "$TOPIC" "$expected" 10000 \
  >"$OUT/steady.json" 2>"$OUT/consumer-steady.log" &
CONSUMER_PID=$!
until grep -q "ready on" "$OUT/consumer-steady.log" 2>/dev/null; do
  kill -0 "$CONSUMER_PID" 2>/dev/null || { cat "$OUT/consumer-steady.log" >&2; exit 1; }
  sleep 0.1
done
read -r svc0 kafka0 consumer0 pg0 machine0 <<<"$(cpu_snapshot)"
hey -z "$DURATION" -c "$WORKERS" -q $(( RATE / WORKERS )) -m POST -T application/json \
  -H "Authorization: Bearer $TOKEN" -d '{"title":"Bench event","priority":"medium"}' \
  "$BASE/api/v1/work-orders" >"$OUT/hey-steady.txt"
read -r svc1 kafka1 consumer1 pg1 machine1 <<<"$(cpu_snapshot)"
wait "$CONSUMER_PID"; CONSUMER_PID=""
SPEED_AFTER="$(host_speed)"
writes=$(awk '/\[201\]/ { print $2; exit }' "$OUT/hey-steady.txt")
writes=${writes:-0}
# CPU ms per write. PostgreSQL is its processes alive at the end (one that
# started during the phase counts whole, which is right; one that ended, say an autovacuum worker,
# is missing from it), so "other" is hey, the kernel's share of the network, such exited
# processes and whatever else ran (nothing should).
cpu_per_write() { # ticks
  if (( writes > 0 )); then awk -v t="$1" -v hz="$CLK_TCK" -v n="$writes" 'BEGIN { printf "%.2f", t / hz * 1000 / n }'; else echo "-"; fi
}
{
  echo "| process | CPU s | CPU ms per write |"
  echo "|---|---:|---:|"
  for row in "service $(( svc1 - svc0 ))" "PostgreSQL $(( pg1 - pg0 ))" "Kafka broker $(( kafka1 - kafka0 ))" \
    "consumer (bench) $(( consumer1 - consumer0 ))" \
    "other (hey, kernel) $(( (machine1 - machine0) - (svc1 - svc0) - (pg1 - pg0) - (kafka1 - kafka0) - (consumer1 - consumer0) ))" \
    "machine $(( machine1 - machine0 ))"; do
    name=${row% *}; ticks=${row##* }
    echo "| $name | $(awk -v t="$ticks" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", t / hz }') | $(cpu_per_write "$ticks") |"
  done
  echo
  echo "$writes writes in the steady phase; the machine has $(( $(nproc) * seconds )) CPU s in $DURATION."
} >"$OUT/cpu.md"

echo "events: drain, $BACKLOG events put in the outbox at once"
java $LOGCONF -cp "$CP" "$BENCH_DIR/EventLatency.java" "$HOST:$KAFKA_PORT" "$TOPIC" "$BACKLOG" 10000 \
  >"$OUT/drain.json" 2>"$OUT/consumer-drain.log" &
CONSUMER_PID=$!
until grep -q "ready on" "$OUT/consumer-drain.log" 2>/dev/null; do
  kill -0 "$CONSUMER_PID" 2>/dev/null || { cat "$OUT/consumer-drain.log" >&2; exit 1; }
  sleep 0.1
done
# Copies of existing created events over the first 1000 work orders, unpublished: what a backlog
# after a Kafka outage looks like. Inserted in one transaction, so the relay sees them at once.
psql -X -q -d "$DB" -v ON_ERROR_STOP=1 -c "
  INSERT INTO work_order_events (org_id, work_order_id, type, actor_id, data)
  SELECT w.org_id, w.work_order_id, 'created', w.actor_id, w.data
  FROM (SELECT * FROM work_order_events WHERE type = 'created' ORDER BY id LIMIT 1000) w,
       generate_series(1, ceil($BACKLOG / 1000.0)::int) g
  LIMIT $BACKLOG" >/dev/null
wait "$CONSUMER_PID"; CONSUMER_PID=""

{
  echo "# Events benchmark $(date -u +%FT%TZ), commit $(cd "$ROOT" && git rev-parse --short HEAD)"
  echo
  echo "Machine: $(machine_describe); load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "Host speed (bench/host.sh, one core): $SPEED_BEFORE before the run, $SPEED_AFTER after the steady phase"
  echo "PostgreSQL autovacuum: $(autovacuum_describe)"
  echo
  echo "| run | events | events/s | p50 ms | p95 ms | p99 ms | max ms | duplicates | out of order |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for run in steady drain; do
    jq -r --arg run "$run" '"| \($run) | \(.events) | \(.events_per_s) | \(.p50_ms) | \(.p95_ms) | \(.p99_ms) | \(.max_ms) | \(.duplicates) | \(.out_of_order) |"' "$OUT/$run.json"
  done
  echo
  echo "steady: $RATE writes/s for $DURATION (hey summary below); target p95 <= 200 ms."
  echo "drain: the delay column of the drain run is from the original events' times (meaningless);"
  echo "its events/s is the relay's throughput from a full outbox."
  echo
  sed -n '1,12p' "$OUT/hey-steady.txt"
  echo
  cat "$OUT/cpu.md"
} | tee "$OUT/results.md"
