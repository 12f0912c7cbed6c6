# Sourced by run.sh and events.sh: autovacuum on for the run, as on any production PostgreSQL.
#
# The PostgreSQL of this machine runs with autovacuum = off (/etc/postgresql/15/main/conf.d/
# 90-ci.conf, for the test suite). Without it a run measures what no deployment has: the outbox
# (work_order_events, one update per event) bloats without end, so the relay's claims and marks
# slow down as a run goes on, the GIN index's pending list is only ever merged by an unlucky
# insert, and the planner keeps the statistics of the seeding. So when it is off, a run turns it
# on (ALTER SYSTEM, which overrides conf.d) and the cleanup puts the setting back.
# BENCH_AUTOVACUUM=keep leaves the server as it is.
AUTOVACUUM_CHANGED=0

autovacuum_on() {
  [[ "${BENCH_AUTOVACUUM:-on}" == keep ]] && return 0
  if [[ "$(psql -X -At -d postgres -c 'SHOW autovacuum')" == off ]]; then
    psql -X -q -d postgres -c "ALTER SYSTEM SET autovacuum = on" -c "SELECT pg_reload_conf()" >/dev/null
    AUTOVACUUM_CHANGED=1
  fi
}

# For the results' header: "on", "off", or "on (turned on for this run)".
autovacuum_describe() {
  local state
  state=$(psql -X -At -d postgres -c 'SHOW autovacuum')
  if [[ "$AUTOVACUUM_CHANGED" == 1 ]]; then state="$state (turned on for this run)"; fi
  echo "$state"
}

autovacuum_restore() {
  if [[ "$AUTOVACUUM_CHANGED" == 1 ]]; then
    psql -X -q -d postgres -c "ALTER SYSTEM RESET autovacuum" -c "SELECT pg_reload_conf()" >/dev/null 2>&1 \
      || echo "could not put autovacuum back: run ALTER SYSTEM RESET autovacuum" >&2
    AUTOVACUUM_CHANGED=0
  fi
}
