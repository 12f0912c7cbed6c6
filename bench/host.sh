# Sourced by run.sh and events.sh: what the machine is, how fast its CPU is right now, and how much
# CPU a process has used.
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

# "2 cores, <CPU model>", for the results' headers.
machine_describe() { echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"; }

# The CPU time (user + system) process $1 has used, in clock ticks; fails once it has exited.
proc_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
CLK_TCK=$(getconf CLK_TCK)
