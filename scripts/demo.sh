#!/usr/bin/env bash
# The demo: builds binlog-load, starts the private MariaDB and the Doris double, starts the daemon, creates a sync
# job by SQL, runs a workload with DML and DDL, shows progress and SHOW SYNC JOB, and proves that MySQL and Doris
# hold the same rows. Stops what it started. Arguments: [steps] [seed] (default 300 42).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is missing: install a JDK 17 and Apache Maven 3.8+ (Debian: apt-get install openjdk-17-jdk maven)" >&2
    exit 3
  fi
done

mariadb_was_running=no
if scripts/mariadb.sh status >/dev/null 2>&1; then mariadb_was_running=yes; fi
cleanup() {
  if [ "$mariadb_was_running" = no ]; then scripts/mariadb.sh stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

echo "== building (mvn -B -ntp -q install -DskipTests)"
mvn -B -ntp -q -Dstyle.color=never install -DskipTests

echo "== starting the private MariaDB (scripts/mariadb.sh start)"
scripts/mariadb.sh start

CP_FILE="$ROOT/it/target/demo.classpath"
mvn -B -ntp -q -Dstyle.color=never -pl it dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
exec_java() {
  java -Xmx512m -Dbinlogload.root="$ROOT" -Dlogback.configurationFile="$ROOT/it/src/main/resources/demo-logback.xml" \
    -cp "it/target/classes:$(cat "$CP_FILE")" org.binlogload.it.Demo "$@"
}
exec_java "$@"
