#!/usr/bin/env bash
# The Doris double (doris-double/) as a process of its own: an HTTP server that speaks Doris's FE and BE HTTP
# interfaces (Stream Load with 2PC, SQL over /api/query), to try binlog-load by hand where no Doris runs.
# What it models and what it does not: docs/doris-double.md.
#
#   scripts/doris-double.sh start [options]    start in the background; prints the FE HTTP address
#   scripts/doris-double.sh run [options]      run in the foreground (Ctrl-C stops it)
#   scripts/doris-double.sh stop               stop the double this script started (and only that one)
#   scripts/doris-double.sh status             is it running, and its addresses
#   scripts/doris-double.sh sql DB "STATEMENT" run a statement through the FE's POST /api/query/default_cluster/DB
#                                              (with curl; the password from DORIS_DOUBLE_PASSWORD)
#   scripts/doris-double.sh classpath          print the class path it runs with
#
# Options (or environment variables):
#   --fe-port N     DORIS_DOUBLE_FE_PORT   FE HTTP port (default 8030, Doris's http_port; 0 = a free port)
#   --be-port N     DORIS_DOUBLE_BE_PORT   BE HTTP port (default 8040, Doris's webserver_port; 0 = a free port)
#   --user U        DORIS_DOUBLE_USER      the user loads and SQL authenticate as (default root)
#   --password P    DORIS_DOUBLE_PASSWORD  its password (default empty)
# Also JAVA_HOME, DORIS_DOUBLE_JAVA_OPTS (default -Xmx512m), DORIS_DOUBLE_DIR (pid, log and class path; default
# .doris-double/ in the project). The first run compiles the module and writes its class path with Maven
# (mvn -pl doris-double compile dependency:build-classpath), again when a source or the pom changes.
# Logging: doris-double/logback-standalone.xml (INFO, Netty at WARN), to the console or, in the background, to
# .doris-double/doris-double.log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${DORIS_DOUBLE_DIR:-$ROOT/.doris-double}"
PID_FILE="$STATE/doris-double.pid"
ADDR_FILE="$STATE/addresses"
LOG_FILE="$STATE/doris-double.log"
CP_FILE="$STATE/classpath"
MAIN=org.binlogload.dorisdouble.DorisDouble
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVA_OPTS="${DORIS_DOUBLE_JAVA_OPTS:--Xmx512m}"

FE_PORT="${DORIS_DOUBLE_FE_PORT:-8030}"
BE_PORT="${DORIS_DOUBLE_BE_PORT:-8040}"
USER_NAME="${DORIS_DOUBLE_USER:-root}"
PASSWORD="${DORIS_DOUBLE_PASSWORD:-}"

die() { echo "doris-double: $*" >&2; exit 1; }
usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
}

parse_options() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --fe-port) [ $# -ge 2 ] || die "--fe-port needs a value"; FE_PORT="$2"; shift 2 ;;
      --be-port) [ $# -ge 2 ] || die "--be-port needs a value"; BE_PORT="$2"; shift 2 ;;
      --user) [ $# -ge 2 ] || die "--user needs a value"; USER_NAME="$2"; shift 2 ;;
      --password) [ $# -ge 2 ] || die "--password needs a value"; PASSWORD="$2"; shift 2 ;;
      *) die "unknown option '$1'; see scripts/doris-double.sh help" ;;
    esac
  done
  for p in "$FE_PORT" "$BE_PORT"; do
    case "$p" in (*[!0-9]*|"") die "a port must be a number from 0 to 65535, got '$p'" ;; esac
    [ "$p" -le 65535 ] || die "a port must be a number from 0 to 65535, got '$p'"
  done
}

# The module's classes and its dependencies (test scope included: logback, the double's logging backend, is a test
# dependency of the module so that the library itself stays free of a logging backend).
classpath() {
  mkdir -p "$STATE"
  local stale=no
  if [ ! -s "$CP_FILE" ] || [ ! -f "$ROOT/doris-double/target/classes/org/binlogload/dorisdouble/DorisDouble.class" ] \
      || [ "$ROOT/doris-double/pom.xml" -nt "$CP_FILE" ] || [ "$ROOT/pom.xml" -nt "$CP_FILE" ] \
      || [ -n "$(find "$ROOT/doris-double/src/main" -newer "$CP_FILE" -type f 2>/dev/null | head -1)" ]; then
    stale=yes
  fi
  if [ "$stale" = yes ]; then
    command -v mvn >/dev/null 2>&1 || die "mvn is missing: install Apache Maven 3.8+ to build the double"
    echo "doris-double: building (mvn -q -pl doris-double compile dependency:build-classpath)" >&2
    (cd "$ROOT" && mvn -B -ntp -q -Dstyle.color=never -pl doris-double compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$CP_FILE.tmp" >&2) \
      || { rm -f "$CP_FILE.tmp"; die "the build failed"; }
    mv "$CP_FILE.tmp" "$CP_FILE"
  fi
  echo "$ROOT/doris-double/target/classes:$(cat "$CP_FILE")"
}

running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] \
    && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "-Ddorisdouble.state=$STATE " && echo "$pid"
}

java_command() {  # the command line; the marker property lets stop find this double and no other process
  # shellcheck disable=SC2206  # JAVA_OPTS holds several options
  CMD=("$JAVA" $JAVA_OPTS "-Ddorisdouble.state=$STATE"
    "-Dlogback.configurationFile=$ROOT/doris-double/logback-standalone.xml"
    -cp "$1" "$MAIN" "$FE_PORT" "$BE_PORT" "$USER_NAME" "$PASSWORD")
}

# The banner DorisDouble prints once both ports listen: "Doris double: FE http://h:p BE http://h:p user u".
banner() { grep -m1 '^Doris double: FE ' "$LOG_FILE" 2>/dev/null || true; }

print_addresses() {  # print_addresses BANNER
  local fe be
  fe="$(echo "$1" | sed -n 's/^Doris double: FE \(http:[^ ]*\) BE.*/\1/p')"
  be="$(echo "$1" | sed -n 's/.* BE \(http:[^ ]*\) .*/\1/p')"
  echo "FE http address: $fe (doris.fe_http_addresses = ${fe#http://}), BE: $be, user: $USER_NAME"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  start)
    parse_options "$@"
    if pid="$(running_pid)"; then
      die "already running (pid $pid): $(cat "$ADDR_FILE" 2>/dev/null || echo '?'); stop it first"
    fi
    CP="$(classpath)"
    java_command "$CP"
    : > "$LOG_FILE"
    nohup "${CMD[@]}" >> "$LOG_FILE" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$PID_FILE"
    for _ in $(seq 1 300); do
      line="$(banner)"
      if [ -n "$line" ]; then
        print_addresses "$line" | tee "$ADDR_FILE" | sed "s/^/doris-double running (pid $pid): /"
        exit 0
      fi
      if ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$PID_FILE"
        tail -n 20 "$LOG_FILE" >&2 || true
        die "did not start (a port taken? see $LOG_FILE)"
      fi
      sleep 0.1
    done
    die "pid $pid has not announced its ports after 30 s; see $LOG_FILE"
    ;;
  run)
    parse_options "$@"
    CP="$(classpath)"
    java_command "$CP"
    exec "${CMD[@]}"
    ;;
  stop)
    pid="$(running_pid)" || { echo "doris-double is not running"; rm -f "$PID_FILE"; exit 0; }
    kill -TERM "$pid"
    for _ in $(seq 1 300); do
      if ! kill -0 "$pid" 2>/dev/null; then rm -f "$PID_FILE" "$ADDR_FILE"; echo "doris-double stopped"; exit 0; fi
      sleep 0.1
    done
    die "pid $pid still running after 30 s"
    ;;
  status)
    if pid="$(running_pid)"; then
      echo "doris-double is running (pid $pid): $(cat "$ADDR_FILE" 2>/dev/null || echo '?')"
      exit 0
    fi
    echo "doris-double is not running"
    exit 3
    ;;
  sql)
    [ $# -eq 2 ] || die "usage: scripts/doris-double.sh sql DB \"STATEMENT\""
    command -v curl >/dev/null 2>&1 || die "curl is missing"
    running_pid >/dev/null || die "not running; start it with scripts/doris-double.sh start"
    fe="$(sed -n 's/^FE http address: \(http:[^ ]*\) .*/\1/p' "$ADDR_FILE")"
    user="$(sed -n 's/.*, user: //p' "$ADDR_FILE")"
    # the statement as a JSON string: backslashes, quotes, tabs and line ends escaped
    stmt="$(printf '%s' "$2" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' \
      | awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }')"
    curl -sS -u "$user:${DORIS_DOUBLE_PASSWORD:-}" -H 'Content-Type: application/json' \
      --data-binary "{\"stmt\": \"$stmt\"}" "$fe/api/query/default_cluster/$1"
    echo
    ;;
  classpath)
    classpath
    ;;
  help|-h|--help)
    usage
    ;;
  *)
    usage >&2
    exit 64
    ;;
esac
