# Shared by scripts/test.sh and scripts/demo.sh: install packages, start/stop a throwaway PostgreSQL (and MariaDB).
# Source it; functions only.

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Installs the Debian packages the tests and the demo need, only when something is missing.
ensure_packages() {
  local missing=()
  pg_bin_dir >/dev/null 2>&1 || missing+=(postgresql)
  # The MySQL engine's tests run on MariaDB (Debian ships MariaDB, not MySQL).
  [ -x /usr/sbin/mariadbd ] || missing+=(mariadb-server)
  command -v mariadb >/dev/null || missing+=(mariadb-client)
  command -v promtool >/dev/null || missing+=(prometheus)
  command -v amtool >/dev/null || missing+=(prometheus-alertmanager)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v curl >/dev/null || missing+=(curl)
  command -v docker-compose >/dev/null || missing+=(docker-compose)
  command -v npm >/dev/null || missing+=(nodejs npm)
  # NativeAOT's linker driver and the zlib it links (scripts/publish-native.sh).
  command -v clang >/dev/null || missing+=(clang)
  [ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== installing ${missing[*]} (apt-get)"
    as_root apt-get update -qq
    # The Debian services must not start on their own (ports, and no init system here): we start our own.
    echo exit 101 | as_root tee /usr/sbin/policy-rc.d >/dev/null && as_root chmod +x /usr/sbin/policy-rc.d
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    as_root rm -f /usr/sbin/policy-rc.d
  fi
  command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is required" >&2; exit 1; }
}

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

free_port() {
  local port=$1
  while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}

# PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# Starts a cluster in a temp dir on a free port with a random password. Sets PG_PORT, PG_PASSWORD, PG_DIR.
start_throwaway_postgres() {
  local bin; bin=$(pg_bin_dir)
  PG_PORT=$(free_port "${1:-55432}")
  PG_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
  PG_DIR=$(mktemp -d /tmp/exporter-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$PG_DIR"
  echo "$PG_PASSWORD" >"$PG_DIR/pwfile"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$PG_DIR/pwfile"
  as_pg "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=scram-sha-256 --pwfile="$PG_DIR/pwfile" -E UTF8 >"$PG_DIR/initdb.log"
  as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  echo "== throwaway PostgreSQL on 127.0.0.1:$PG_PORT ($PG_DIR)"
}

stop_throwaway_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  local bin; bin=$(pg_bin_dir)
  as_pg "$bin/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}

# Starts a MariaDB server in a temp dir on a free port (root@127.0.0.1 with a random password).
# Sets MARIADB_PORT, MARIADB_PASSWORD, MARIADB_DIR.
start_throwaway_mariadb() {
  MARIADB_PORT=$(free_port "${1:-53306}")
  MARIADB_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
  MARIADB_DIR=$(mktemp -d /tmp/exporter-mariadb.XXXXXX)
  chmod 755 "$MARIADB_DIR"
  local user=(); [ "$(id -u)" -ne 0 ] || { chown mysql: "$MARIADB_DIR"; user=(--user=mysql); }
  mariadb-install-db --no-defaults --datadir="$MARIADB_DIR/data" "${user[@]}" --auth-root-authentication-method=normal \
    --skip-test-db >"$MARIADB_DIR/install.log" 2>&1
  # No binary log and no flush per commit: a throwaway server, as PostgreSQL's fsync=off.
  (/usr/sbin/mariadbd --no-defaults --datadir="$MARIADB_DIR/data" --port="$MARIADB_PORT" --bind-address=127.0.0.1 \
    --socket="$MARIADB_DIR/mysqld.sock" --pid-file="$MARIADB_DIR/mysqld.pid" "${user[@]}" --skip-name-resolve \
    --skip-log-bin --innodb-flush-log-at-trx-commit=0 --innodb-buffer-pool-size=128M --max-connections=300 \
    --log-error="$MARIADB_DIR/error.log" </dev/null >/dev/null 2>&1 &)
  local i
  for i in $(seq 1 150); do
    mariadb-admin --no-defaults --socket="$MARIADB_DIR/mysqld.sock" -uroot ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  mariadb --no-defaults --socket="$MARIADB_DIR/mysqld.sock" -uroot -e \
    "CREATE OR REPLACE USER 'root'@'127.0.0.1' IDENTIFIED BY '$MARIADB_PASSWORD'; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;" ||
    { echo "MariaDB did not start: $(tail -n 5 "$MARIADB_DIR/error.log")" >&2; return 1; }
  echo "== throwaway MariaDB on 127.0.0.1:$MARIADB_PORT ($MARIADB_DIR)"
}

stop_throwaway_mariadb() {
  [ -n "${MARIADB_DIR:-}" ] || return 0
  [ ! -f "$MARIADB_DIR/mysqld.pid" ] || kill -9 "$(cat "$MARIADB_DIR/mysqld.pid")" 2>/dev/null || true
  rm -rf "$MARIADB_DIR"
}

# Boards as code: installs the locked npm packages, type-checks dashboards/src (tsc --strict), builds every
# board into a temp folder and fails when it differs from the committed dashboards/*.json (run `npm run build`).
check_boards() {
  local out status=0
  out=$(mktemp -d)
  npm ci --no-audit --no-fund --loglevel=error &&
    npm run --silent typecheck &&
    npm run --silent build -- "$out" >/dev/null || status=1
  if [ "$status" -eq 0 ]; then
    local committed generated
    committed=$(cd dashboards && ls -1 ./*.json)
    generated=$(cd "$out" && ls -1 ./*.json)
    if [ "$committed" != "$generated" ]; then
      echo "boards: generated files ($generated) differ from committed ones ($committed)" >&2; status=1
    fi
    for f in "$out"/*.json; do
      diff -u "dashboards/$(basename "$f")" "$f" >&2 || { echo "boards: dashboards/$(basename "$f") is not what dashboards/src builds: run npm run build" >&2; status=1; }
    done
  fi
  rm -rf "$out"
  return "$status"
}
