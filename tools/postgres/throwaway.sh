#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and local trials: a new cluster in a temporary folder, on a free loopback
# port, trusting local connections of the user `finance`; stopped and deleted by `stop`.
#
#   eval "$(tools/postgres/throwaway.sh start)"     # sets FINANCE_PG_DIR and FINANCE_TEST_POSTGRES
#   dotnet test                                     # the suite against it (FINANCE_TEST_POSTGRES names the server)
#   tools/postgres/throwaway.sh stop "$FINANCE_PG_DIR"
#
# `start` installs Debian's postgresql with apt when no /usr/lib/postgresql/*/bin/initdb exists (as root), runs initdb
# and pg_ctl as the `postgres` user when started as root (initdb refuses root), else as the caller, and prints the
# two `export` lines on stdout (everything else goes to stderr). The server listens on 127.0.0.1 only, with its socket
# in the folder; `stop` is safe to call twice and on a folder whose server never started.
set -euo pipefail

usage() {
  echo "usage: $0 start | stop FOLDER" >&2
  exit 2
}

bindir() {
  local initdb
  initdb="$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)"
  [[ -n "$initdb" ]] && dirname "$initdb"
}

# Runs a PostgreSQL program as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# True when nothing accepts connections on 127.0.0.1:$1.
port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local bin
  bin="$(bindir || true)"
  if [[ -z "$bin" ]]; then
    if [[ "$(id -u)" != 0 ]]; then
      echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql" >&2
      exit 1
    fi
    echo "Installing PostgreSQL with apt …" >&2
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2
    bin="$(bindir)"
  fi

  local dir
  dir="$(mktemp -d "${TMPDIR:-/tmp}/finance-pg.XXXXXX")"
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres: "$dir"
  fi
  as_owner "$bin/initdb" -D "$dir/data" -A trust -U finance -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    echo "initdb failed" >&2
    rm -rf "$dir"
    exit 1
  }

  # A free port: a random one that nothing listens on; if the server still cannot bind it (taken meanwhile), the next.
  local port tries
  for tries in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    port_free "$port" || continue
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >&2; then
      echo "$port" >"$dir/port"
      echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, folder $dir" >&2
      printf 'export FINANCE_PG_DIR=%q\n' "$dir"
      printf 'export FINANCE_TEST_POSTGRES=%q\n' "Host=127.0.0.1;Port=$port;Username=finance"
      return 0
    fi
    tail -n 5 "$dir/server.log" >&2 || true
  done
  echo "PostgreSQL did not start (8 ports tried); its log:" >&2
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  exit 1
}

stop() {
  local dir="$1" bin
  [[ -d "$dir" ]] || return 0
  bin="$(bindir || true)"
  if [[ -n "$bin" && -f "$dir/data/postmaster.pid" ]]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >&2 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) [[ $# -eq 2 ]] || usage; stop "$2" ;;
  *) usage ;;
esac
