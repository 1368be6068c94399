#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster from Debian's postgresql package,
# owned by the postgres user, on a loopback port, and prints the URL the
# tests take as TEST_DATABASE_URL. Installs the package when it is missing.
# Usage: eval "$(.ci/postgres.sh start)"; ...; .ci/postgres.sh stop
set -euo pipefail
port=${PGPORT_CI:-54329}
dir=/tmp/reportbot-ci-pg

# PostgreSQL will not run as root: as root, the cluster is the postgres
# user's; as anyone else, the caller's.
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sh -c "$1"; fi
}
case "${1:-start}" in
start)
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    # Only the binaries are wanted: no cluster of the package's own, and
    # no service started (a container has no init to start it).
    mkdir -p /etc/postgresql-common
    [ -f /etc/postgresql-common/createcluster.conf ] ||
      echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    policy=/usr/sbin/policy-rc.d
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy"
      trap 'rm -f "$policy"' EXIT
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      -o Dpkg::Options::=--force-confold postgresql >&2 || true
    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
      echo "PostgreSQL could not be installed from Debian's postgresql package" >&2
      exit 1
    fi
  fi
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  if [ -f "$dir/postmaster.pid" ]; then
    as_pg "$bin/pg_ctl -D $dir stop -m immediate" >&2 || true
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  as_pg "$bin/initdb -D $dir -A trust -U postgres --no-sync -E UTF8" >/dev/null
  as_pg "$bin/pg_ctl -D $dir -l $dir/log -w start -o '-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200'" >&2
  echo "export TEST_DATABASE_URL='postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable'"
  ;;
stop)
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  as_pg "$bin/pg_ctl -D $dir stop -m fast" >&2 || true
  ;;
esac
