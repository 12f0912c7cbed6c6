#!/usr/bin/env bash
# Starting and stopping the packaged service for a benchmark; sourced by the bench scripts that run
# their own instance (pm-generate.sh, events.sh). They set HOST, PORT, BASE, PGUSER, PGPORT, DB,
# WORK (the run's scratch folder), OUT, JAR, JAVA_OPTS, ADMIN_EMAIL and ADMIN_PASSWORD first.

# stop_pid PID: SIGTERM, up to 30 s for a graceful stop, then SIGKILL.
stop_pid() {
  [[ -n "$1" ]] || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 300); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# start_service [NAME=value ...]: the jar on $DB with a first admin, rate limits out of the way and
# the given extra environment, its log in $OUT/service.log; sets SVC_PID and returns once
# /health/ready answers 200 (fails if the service exits or is not ready within 180 s).
start_service() {
  (
    cd "$WORK"
    # shellcheck disable=SC2086
    exec env DATABASE_URL="postgresql://$PGUSER@$HOST:$PGPORT/$DB" HTTP_HOST="$HOST" HTTP_PORT="$PORT" \
      BOOTSTRAP_ADMIN_EMAIL="$ADMIN_EMAIL" BOOTSTRAP_ADMIN_PASSWORD="$ADMIN_PASSWORD" \
      RATE_LIMIT_PER_MINUTE=100000000 RATE_LIMIT_ANONYMOUS_PER_MINUTE=100000000 \
      JWT_KEY_DIR="$WORK/keys" "$@" java $JAVA_OPTS -jar "$JAR"
  ) >"$OUT/service.log" 2>&1 &
  SVC_PID=$!
  for _ in $(seq 1 1800); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$BASE/health/ready" || true)" == 200 ]] && return 0
    kill -0 "$SVC_PID" 2>/dev/null || { tail -20 "$OUT/service.log" >&2; return 1; }
    sleep 0.1
  done
  echo "no 200 on $BASE/health/ready after 180 s" >&2
  return 1
}

# admin_token: an access token of the first admin.
admin_token() {
  curl -s -XPOST "$BASE/oauth/token" -d grant_type=password \
    --data-urlencode "username=$ADMIN_EMAIL" --data-urlencode "password=$ADMIN_PASSWORD" | jq -r .access_token
}
