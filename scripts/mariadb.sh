#!/usr/bin/env bash
# A private MariaDB for binlog-load's tests, demo and benchmarks.
#
#   scripts/mariadb.sh start|stop|restart|status|env|sql [args...]
#
# Each instance has its own datadir under .mariadb/<name>/ (BL_MARIADB_NAME, default "default"),
# its own port (BL_MARIADB_PORT, else the first free port from 3407, remembered in the datadir),
# binds to 127.0.0.1 only, and writes a ROW/FULL binlog. The script stops only the server it started
# (the PID recorded in its datadir). It installs Debian's mariadb-server when mariadbd is missing and it
# runs as root; otherwise it says what to install.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME="${BL_MARIADB_NAME:-default}"
case "$NAME" in (*[!A-Za-z0-9_-]*|"") echo "BL_MARIADB_NAME must match [A-Za-z0-9_-]+, got '$NAME'" >&2; exit 2;; esac
BASE="${BL_MARIADB_BASE:-$ROOT/.mariadb}"
DIR="$BASE/$NAME"
DATA="$DIR/data"
PIDFILE="$DIR/mariadbd.pid"
PORTFILE="$DIR/port"
ERRLOG="$DIR/error.log"
SERVER_ID="${BL_MARIADB_SERVER_ID:-1}"
# The socket path must stay under the kernel's 107-byte limit.
SOCK="$DIR/mysqld.sock"
if [ "${#SOCK}" -gt 100 ]; then
  SOCK="/tmp/bl-mariadb-$(printf '%s' "$DIR" | cksum | cut -d' ' -f1).sock"
fi

# Test credentials of the private instance (not secrets: the server binds to 127.0.0.1 only).
ADMIN_USER=bl_admin
ADMIN_PASSWORD=bl_admin_pw
REPL_USER=bl_repl
REPL_PASSWORD=bl_repl_pw

log() { echo "mariadb.sh[$NAME]: $*" >&2; }

find_bin() {
  local b
  for b in "$@"; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
    for d in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
      if [ -x "$d/$b" ]; then echo "$d/$b"; return 0; fi
    done
  done
  return 1
}

ensure_installed() {
  if find_bin mariadbd >/dev/null && find_bin mariadb-install-db >/dev/null && find_bin mariadb >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "mariadbd is missing; installing Debian's mariadb-server and mariadb-client"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q mariadb-server mariadb-client >&2
  else
    echo "mariadbd is missing: install Debian's packages mariadb-server and mariadb-client" \
         "(sudo apt-get install mariadb-server mariadb-client), then run this again" >&2
    exit 3
  fi
}

# Prints the PID of our server when it is running, else nothing.
our_pid() {
  [ -f "$PIDFILE" ] || return 0
  local pid
  pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [ -n "$pid" ] || return 0
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "--datadir=$DATA"; then
    echo "$pid"
  fi
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

choose_port() {
  if [ -n "${BL_MARIADB_PORT:-}" ]; then
    echo "$BL_MARIADB_PORT"; return
  fi
  if [ -f "$PORTFILE" ] && port_free "$(cat "$PORTFILE")"; then
    cat "$PORTFILE"; return
  fi
  local p
  for p in $(seq 3407 3499); do
    if port_free "$p"; then echo "$p"; return; fi
  done
  echo "no free port in 3407-3499; set BL_MARIADB_PORT" >&2
  exit 4
}

client() {
  "$(find_bin mariadb)" --no-defaults --default-character-set=utf8mb4 --protocol=socket -S "$SOCK" -uroot "$@"
}

# Waits until the server answers, as long as the mariadbd we launched ($1) is alive (at most 180 s: crash
# recovery on a loaded machine can take a while; the PID file appears only late in the start-up).
wait_ready() {
  local launched="$1" i
  for i in $(seq 1 1800); do
    if client -e "SELECT 1" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$launched" 2>/dev/null; then
      log "mariadbd (pid $launched) exited during start-up"
      break
    fi
    sleep 0.1
  done
  log "the server did not come up; last lines of $ERRLOG and $DIR/mariadbd.out:"
  tail -n 20 "$ERRLOG" >&2 2>/dev/null || true
  tail -n 5 "$DIR/mariadbd.out" >&2 2>/dev/null || true
  exit 5
}

start() {
  ensure_installed
  if [ -n "$(our_pid)" ]; then
    log "already running on port $(cat "$PORTFILE") (pid $(our_pid))"
    return 0
  fi
  mkdir -p "$DIR"
  local port
  port="$(choose_port)"
  if ! port_free "$port"; then
    echo "port $port on 127.0.0.1 is taken by a server this script did not start; set BL_MARIADB_PORT to a free port" >&2
    exit 4
  fi
  local fresh=0
  if [ ! -d "$DATA/mysql" ]; then
    fresh=1
    rm -rf "$DATA"
    mkdir -p "$DATA"
    log "initialising $DATA"
    "$(find_bin mariadb-install-db)" --no-defaults --datadir="$DATA" --user="$(id -un)" \
      --auth-root-authentication-method=socket --skip-test-db >"$DIR/install.log" 2>&1 \
      || { cat "$DIR/install.log" >&2; exit 5; }
  fi
  echo "$port" > "$PORTFILE"
  # shellcheck disable=SC2086
  nohup "$(find_bin mariadbd)" --no-defaults --user="$(id -un)" \
    --datadir="$DATA" --port="$port" --bind-address=127.0.0.1 --socket="$SOCK" \
    --pid-file="$PIDFILE" --log-error="$ERRLOG" \
    --server-id="$SERVER_ID" --log-bin=mysql-bin --log-basename=mysql \
    --binlog-format=ROW --binlog-row-image=FULL --binlog-row-metadata=FULL \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --skip-name-resolve --max-connections=300 \
    --innodb-buffer-pool-size=256M --innodb-log-file-size=256M \
    --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 \
    ${BL_MARIADB_EXTRA_ARGS:-} >>"$DIR/mariadbd.out" 2>&1 < /dev/null &
  wait_ready "$!"
  if [ "$fresh" -eq 1 ]; then
    client <<SQL
CREATE USER IF NOT EXISTS '$ADMIN_USER'@'%' IDENTIFIED BY '$ADMIN_PASSWORD';
CREATE USER IF NOT EXISTS '$ADMIN_USER'@'localhost' IDENTIFIED BY '$ADMIN_PASSWORD';
CREATE USER IF NOT EXISTS '$ADMIN_USER'@'127.0.0.1' IDENTIFIED BY '$ADMIN_PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$ADMIN_USER'@'%' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$ADMIN_USER'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$ADMIN_USER'@'127.0.0.1' WITH GRANT OPTION;
CREATE USER IF NOT EXISTS '$REPL_USER'@'%' IDENTIFIED BY '$REPL_PASSWORD';
CREATE USER IF NOT EXISTS '$REPL_USER'@'localhost' IDENTIFIED BY '$REPL_PASSWORD';
CREATE USER IF NOT EXISTS '$REPL_USER'@'127.0.0.1' IDENTIFIED BY '$REPL_PASSWORD';
GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '$REPL_USER'@'%';
GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '$REPL_USER'@'localhost';
GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '$REPL_USER'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
  fi
  log "running on 127.0.0.1:$port (pid $(our_pid), datadir $DATA)"
}

stop() {
  local pid
  pid="$(our_pid)"
  if [ -z "$pid" ]; then
    log "not running"
    return 0
  fi
  kill -TERM "$pid"
  local i
  for i in $(seq 1 600); do
    if ! kill -0 "$pid" 2>/dev/null; then log "stopped (pid $pid)"; return 0; fi
    sleep 0.1
  done
  log "pid $pid did not stop in 60 s; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
}

status() {
  local pid
  pid="$(our_pid)"
  if [ -n "$pid" ]; then
    echo "running port=$(cat "$PORTFILE") pid=$pid datadir=$DATA"
  else
    echo "stopped datadir=$DATA"
    return 1
  fi
}

env_out() {
  local port=""
  [ -f "$PORTFILE" ] && port="$(cat "$PORTFILE")"
  cat <<EOF
name=$NAME
host=127.0.0.1
port=$port
socket=$SOCK
datadir=$DATA
pid=$(our_pid)
admin_user=$ADMIN_USER
admin_password=$ADMIN_PASSWORD
repl_user=$REPL_USER
repl_password=$REPL_PASSWORD
server_id=$SERVER_ID
EOF
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  env) env_out ;;
  sql) client "$@" ;;
  *) echo "usage: scripts/mariadb.sh start|stop|restart|status|env|sql [mariadb client args]" >&2; exit 2 ;;
esac
