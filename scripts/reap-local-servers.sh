#!/usr/bin/env bash
# Stops the private PostgreSQL and Redis (and any other server left to it) that a test or bench
# run started under ROOT, and removes ROOT, once the process OWNER_PID that started them is gone,
# however it ended: a test host that the test runner kills at the end of a run never runs its exit
# handlers, and its servers would otherwise live on. Started detached by AgentChat.LocalServices;
# after a normal stop (servers stopped, folder removed) it finds nothing left to do.
#   reap-local-servers.sh OWNER_PID ROOT
set -u
owner=$1 root=$2

while kill -0 "$owner" 2>/dev/null; do sleep 1; done

# The servers' current processes (a fault test may have restarted them): PostgreSQL's postmaster
# and Redis's pid file, and any other process left to the reaper as ROOT/NAME.pid (the bench's
# peer server). SIGINT is PostgreSQL's fast shutdown (clients are disconnected, not waited for)
# and stops Redis and Node too.
pids=()
for pid_file in "$root/postgres/postmaster.pid" "$root/redis/redis.pid" "$root"/*.pid; do
  if [ -f "$pid_file" ]; then
    pid=""
    read -r pid < "$pid_file" # without a final newline, read fails but still sets pid
    [ -n "$pid" ] && pids+=("$pid")
  fi
done
for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null; done
for _ in $(seq 1 40); do
  alive=0
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
  [ "$alive" = 0 ] && break
  sleep 0.25
done
for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
rm -rf "$root"
