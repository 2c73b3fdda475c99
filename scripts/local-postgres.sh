#!/usr/bin/env bash
# Runs a private PostgreSQL server in the foreground, for the AppHost (no container runtime)
# and for the tests. On first use it initialises DATA_DIR with the password in PASSWORD_FILE and
# creates DATABASE; then it serves on 127.0.0.1:PORT only. Extra arguments go to postgres.
#   local-postgres.sh DATA_DIR PORT PASSWORD_FILE DATABASE [postgres args...]
set -euo pipefail
data_dir=$1 port=$2 password_file=$3 database=$4
shift 4

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql; run scripts/setup.sh" >&2
  exit 1
fi

mkdir -p "$data_dir"
as_owner=()
if [ "$(id -u)" = 0 ]; then
  # PostgreSQL refuses to run as root: the postgres account owns the data and runs the server.
  # setpriv execs in place (no fork), so the stop signal from Aspire reaches postgres itself.
  chown postgres:postgres "$data_dir"
  as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
chmod 700 "$data_dir"

if [ ! -s "$data_dir/PG_VERSION" ]; then
  pw_copy=$(mktemp)
  cp "$password_file" "$pw_copy"
  if [ ${#as_owner[@]} -gt 0 ]; then chown postgres "$pw_copy"; fi
  "${as_owner[@]}" "$bindir/initdb" -D "$data_dir" -U postgres --auth=scram-sha-256 \
    --pwfile="$pw_copy" -E UTF8 --locale=C.UTF-8 >/dev/null
  rm -f "$pw_copy"
  echo "CREATE DATABASE \"$database\";" | "${as_owner[@]}" "$bindir/postgres" --single -D "$data_dir" postgres >/dev/null
  echo "initialised $data_dir with database $database"
fi

exec "${as_owner[@]}" "$bindir/postgres" -D "$data_dir" -p "$port" \
  -c listen_addresses=127.0.0.1 -c unix_socket_directories= "$@"
