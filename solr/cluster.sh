#!/usr/bin/env bash
# Start or stop the local SolrCloud (SolrRunner: 2 Solr nodes + embedded ZooKeeper in one JVM).
#   solr/cluster.sh start   build if needed, start in the background, wait until every node is live
#   solr/cluster.sh stop    SIGTERM, wait for a clean exit (SIGKILL after SOLR_STOP_TIMEOUT seconds)
#   solr/cluster.sh status
# Every wait is bounded: nothing here can hang a make run or CI.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
SOLR_DIR="${SOLR_DIR:-${ARCHIVE_DATA_DIR:-$HERE/../var}/solr}"
SOLR_PORTS="${SOLR_PORTS:-8983,8984}"
SOLR_ZK_PORT="${SOLR_ZK_PORT:-9983}"
SOLR_CONTROL_PORT="${SOLR_CONTROL_PORT:-8989}"
SOLR_HEAP="${SOLR_HEAP:-1g}"
SOLR_START_TIMEOUT="${SOLR_START_TIMEOUT:-120}"
SOLR_STOP_TIMEOUT="${SOLR_STOP_TIMEOUT:-60}"
PID_FILE="$SOLR_DIR/solr.pid"
READY_FILE="$SOLR_DIR/ready"
LOG="$SOLR_DIR/solr.log"
ARGS="$HERE/target/java.args"

running_pid() {
  # The pid the launcher wrote, if that process is still our java (a stale file after a crash or
  # reboot may name an unrelated process, which must never be signalled).
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'org.newsarchive.solr.SolrRunner' || return 1
  echo "$pid"
}

build() {
  # Rebuild when the pom or the launcher changed; the first build downloads Solr's artifacts from
  # Maven Central into ~/.m2 (about 120 MB), later ones run offline.
  local stamp="$HERE/target/java.args"
  if [ -f "$stamp" ] && [ -z "$(find "$HERE/pom.xml" "$HERE/src" -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  command -v mvn >/dev/null || { echo "make solr needs Java 17 and Maven: apt-get install openjdk-17-jdk-headless maven" >&2; exit 1; }
  echo "Building the Solr launcher (solr/pom.xml)..."
  (cd "$HERE" && mvn -q -B compile)
  printf -- '-cp %s:%s\n' "$HERE/target/classes" "$(cat "$HERE/target/classpath.txt")" >"$ARGS.tmp"
  mv "$ARGS.tmp" "$ARGS"
}

port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local pid
  if pid="$(running_pid)"; then
    echo "SolrCloud is already running (pid $pid, nodes on ports $SOLR_PORTS); 'make solr-stop' stops it."
    return 0
  fi
  # Started from another checkout (its own data folder and pid file): the same launcher answers on
  # the control port, so it is used as it is (and stopped from where it was started).
  if curl -s --max-time 5 "http://127.0.0.1:$SOLR_CONTROL_PORT/status" 2>/dev/null | grep -q '^node 1 '; then
    echo "SolrCloud is already running (started from another checkout; nodes on ports $SOLR_PORTS)."
    return 0
  fi
  build
  for port in ${SOLR_PORTS//,/ } "$SOLR_ZK_PORT" "$SOLR_CONTROL_PORT"; do
    if port_busy "$port"; then
      echo "Port $port is in use by another program: stop it or choose other ports (SOLR_PORTS, SOLR_ZK_PORT, SOLR_CONTROL_PORT)." >&2
      exit 1
    fi
  done
  mkdir -p "$SOLR_DIR"
  rm -f "$READY_FILE"
  echo "Starting SolrCloud: nodes on ports $SOLR_PORTS, ZooKeeper on $SOLR_ZK_PORT, heap $SOLR_HEAP, log $LOG"
  # nohup + setsid: the JVM outlives this script and make, and a Ctrl-C in the terminal that ran
  # make does not reach it. It is the only process: its pid is the one to stop.
  nohup setsid java -Xms256m -Xmx"$SOLR_HEAP" -XX:+ExitOnOutOfMemoryError \
    -Dsolr.log.dir="$SOLR_DIR" \
    -Darchive.solr.dir="$SOLR_DIR" -Darchive.solr.ports="$SOLR_PORTS" \
    -Darchive.solr.zkPort="$SOLR_ZK_PORT" -Darchive.solr.controlPort="$SOLR_CONTROL_PORT" \
    @"$ARGS" org.newsarchive.solr.SolrRunner </dev/null >"$LOG" 2>&1 &
  pid=$!
  local waited=0
  while [ ! -f "$READY_FILE" ]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "SolrCloud failed to start; the end of $LOG:" >&2
      tail -n 30 "$LOG" >&2
      exit 1
    fi
    if [ "$waited" -ge "$SOLR_START_TIMEOUT" ]; then
      echo "SolrCloud did not start within ${SOLR_START_TIMEOUT}s; stopping it. The end of $LOG:" >&2
      tail -n 30 "$LOG" >&2
      kill -TERM "$pid" 2>/dev/null || true
      exit 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "SolrCloud is up after ${waited}s (pid $pid)."
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "SolrCloud is not running."
    rm -f "$PID_FILE" "$READY_FILE"
    return 0
  fi
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge "$SOLR_STOP_TIMEOUT" ]; then
      echo "SolrCloud (pid $pid) did not stop within ${SOLR_STOP_TIMEOUT}s: killing it." >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE" "$READY_FILE"
  echo "SolrCloud stopped."
}

status() {
  local pid
  if pid="$(running_pid)"; then
    echo "SolrCloud is running (pid $pid)."
    curl -s --max-time 5 "http://127.0.0.1:$SOLR_CONTROL_PORT/status" || true
  else
    echo "SolrCloud is not running."
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  build) build ;;
  *) echo "usage: $0 start|stop|status|build" >&2; exit 2 ;;
esac
