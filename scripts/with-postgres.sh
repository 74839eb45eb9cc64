#!/usr/bin/env bash
# Runs COMMAND… against a throwaway PostgreSQL cluster, then stops it and deletes it.
#
#   scripts/with-postgres.sh swift test --filter StorageTests
#
# Exports for the command:
#   GATEHOUSE_TEST_POSTGRES_URL   postgresql://postgres@127.0.0.1:PORT/gatehouse_test (trust auth, no password)
#   GATEHOUSE_TEST_POSTGRES_BIN   the server binaries
#   GATEHOUSE_TEST_POSTGRES_DATA  the cluster's data directory
#   GATEHOUSE_TEST_POSTGRES_CTL   a script: `$GATEHOUSE_TEST_POSTGRES_CTL restart` (or stop/start) runs pg_ctl as postgres
# The command's exit status is this script's exit status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARG…]" >&2
    exit 64
fi

PG_BIN="${GATEHOUSE_PG_BIN:-/usr/lib/postgresql/15/bin}"
for tool in initdb pg_ctl; do
    if [ ! -x "$PG_BIN/$tool" ]; then
        echo "with-postgres: $PG_BIN/$tool not found; install postgresql-15 (apt-get install postgresql-15)" >&2
        exit 69
    fi
done
command -v python3 >/dev/null || { echo "with-postgres: python3 is needed to pick a free port" >&2; exit 69; }

# Run a command as the postgres user (initdb and pg_ctl refuse root).
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { echo "with-postgres: no 'postgres' user on this machine" >&2; exit 69; }
    AS_PG=(runuser -u postgres --)
else
    AS_PG=()
fi

WORK="$(mktemp -d /tmp/gatehouse-pg.XXXXXX)"
DATA="$WORK/data"
SOCKETS="$WORK/sockets"
mkdir -p "$SOCKETS"
[ "$(id -u)" -eq 0 ] && chown -R postgres: "$WORK"
chmod 700 "$WORK"

cleanup() {
    status=$?
    if [ -f "$DATA/postmaster.pid" ]; then
        "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$DATA" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

"${AS_PG[@]}" "$PG_BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }
cat >>"$DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKETS'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF

CTL="$WORK/pg-ctl.sh"
cat >"$CTL" <<CTLEOF
#!/usr/bin/env bash
# Usage: $CTL restart|stop|start — pg_ctl for the throwaway cluster, as the postgres user.
exec ${AS_PG[*]} "$PG_BIN/pg_ctl" -D "$DATA" -l "$WORK/server.log" -w -m fast "\$@"
CTLEOF
chmod 755 "$CTL"

"$CTL" start >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }
for _ in $(seq 1 50); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" && break
    sleep 0.2
done
"$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" || { echo "with-postgres: server did not become ready" >&2; exit 1; }
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE gatehouse_test" >/dev/null

export GATEHOUSE_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$PORT/gatehouse_test"
export GATEHOUSE_TEST_POSTGRES_BIN="$PG_BIN"
export GATEHOUSE_TEST_POSTGRES_DATA="$DATA"
export GATEHOUSE_TEST_POSTGRES_CTL="$CTL"

# Run in the background and wait, so a signal to this script stops the command and still cleans up.
"$@" &
CHILD=$!
trap 'kill -TERM "$CHILD" 2>/dev/null; wait "$CHILD"; exit 143' TERM
trap 'kill -INT "$CHILD" 2>/dev/null; wait "$CHILD"; exit 130' INT
set +e
wait "$CHILD"
status=$?
set -e
exit "$status"
