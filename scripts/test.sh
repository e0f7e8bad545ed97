#!/usr/bin/env bash
# Builds binlog-load and runs every test. Starts the private MariaDB when needed and stops,
# at the end, each instance that this run started (never one that was already running).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

running_before=()
if [ -d .mariadb ]; then
  for d in .mariadb/*/; do
    n="$(basename "$d")"
    if BL_MARIADB_NAME="$n" scripts/mariadb.sh status >/dev/null 2>&1; then running_before+=("$n"); fi
  done
fi

cleanup() {
  [ -d .mariadb ] || return 0
  for d in .mariadb/*/; do
    n="$(basename "$d")"
    case " ${running_before[*]-} " in (*" $n "*) continue ;; esac
    BL_MARIADB_NAME="$n" scripts/mariadb.sh stop >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT

if ! command -v mvn >/dev/null 2>&1; then
  echo "mvn is missing: install Apache Maven 3.8+ and a JDK 17 (Debian: apt-get install maven openjdk-17-jdk)" >&2
  exit 3
fi
# MariaDB is installed by scripts/mariadb.sh when missing; start it once here so that a missing
# package is reported before the build rather than inside a test.
scripts/mariadb.sh start

mvn -B -ntp install "$@"
