# Sourced by run.sh and events.sh: how fast this host's CPU is right now.
#
# The machine is a shared virtual one, and its speed changes from hour to hour: on the same CPU
# model, with the same code, a get by id cost 421 us of service CPU in session 5 and 183 us in
# session 6, and one events run of session 6 was three times as costly in PostgreSQL as the others.
# A fixed piece of single-threaded work, timed before and after a run, shows whether the host
# itself was slow: its figure is comparable between runs on one host (not between CPU models).
host_speed() { # prints "<MiB/s> MiB/s sha256"
  local start end
  start=$(date +%s%N)
  head -c $((256 * 1024 * 1024)) /dev/zero | sha256sum >/dev/null
  end=$(date +%s%N)
  awk -v ns=$((end - start)) 'BEGIN { printf "%.0f MiB/s sha256\n", 256 / (ns / 1e9) }'
}
