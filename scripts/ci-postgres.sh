#!/usr/bin/env bash
# Install (Debian packages), start and prepare a local PostgreSQL for the store tests.
#
# Sourced by .ci/run:   source scripts/ci-postgres.sh   -> exports EVENTWIRE_TEST_PG_URL
# Or run directly:      export EVENTWIRE_TEST_PG_URL=$(bash scripts/ci-postgres.sh | tail -n 1)
#
# The last line printed is the connection URL. Idempotent: re-running reuses the cluster, role and db.
# Settings (env): EW_PG_PORT (5432), EW_PG_USER (eventwire), EW_PG_PASSWORD (eventwire), EW_PG_DB (eventwire_test).

_ew_pg_main() {
    local port="${EW_PG_PORT:-5432}" user="${EW_PG_USER:-eventwire}"
    local password="${EW_PG_PASSWORD:-eventwire}" db="${EW_PG_DB:-eventwire_test}"
    local sudo_pg=(runuser -u postgres --)
    [ "$(id -u)" -eq 0 ] || sudo_pg=(sudo -u postgres)

    if ! command -v pg_createcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
        echo "ci-postgres: installing postgresql from Debian packages" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 || return 1
        apt-get install -y -qq postgresql >&2 || return 1
    fi
    local version
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$version/main"; then
        pg_createcluster "$version" main --port "$port" >&2 || return 1
    fi
    # Listen on 127.0.0.1 only, on the chosen port.
    # conf.d is included last by Debian's postgresql.conf, so these settings win.
    printf "listen_addresses = '127.0.0.1'\nport = %s\n" "$port" \
        > "/etc/postgresql/$version/main/conf.d/eventwire.conf" || return 1
    if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -qx online; then
        pg_ctlcluster "$version" main start >&2 || return 1
    fi
    local i
    for i in $(seq 1 30); do
        pg_isready -h 127.0.0.1 -p "$port" -q && break
        sleep 1
    done
    pg_isready -h 127.0.0.1 -p "$port" -q || { echo "ci-postgres: server not ready" >&2; return 1; }

    # Connect over the unix socket as the postgres superuser (peer auth) to create role and database.
    local psql_sock=("${sudo_pg[@]}" psql -p "$port" -v ON_ERROR_STOP=1 -qtA)
    if [ "$("${psql_sock[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname='$user'")" != "1" ]; then
        "${psql_sock[@]}" -c "CREATE ROLE \"$user\" LOGIN PASSWORD '$password' CREATEDB" >&2 || return 1
    fi
    if [ "$("${psql_sock[@]}" -c "SELECT 1 FROM pg_database WHERE datname='$db'")" != "1" ]; then
        "${psql_sock[@]}" -c "CREATE DATABASE \"$db\" OWNER \"$user\"" >&2 || return 1
    fi
    EVENTWIRE_TEST_PG_URL="postgresql://$user:$password@127.0.0.1:$port/$db"
    export EVENTWIRE_TEST_PG_URL
    echo "$EVENTWIRE_TEST_PG_URL"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    _ew_pg_main
else
    set -euo pipefail
    _ew_pg_main
fi
