#!/usr/bin/env bash
# Runs every case of a scenario file against the reference server and against Kanal, back to back,
# each on freshly started servers on fresh ports, and collects the JSON results in
# bench/target/results/. Servers run pinned to CPU 0, the load generator to CPU 1, one server (or
# one cluster) at a time. Then writes docs/benchmarks.md and docs/bench-fanout.svg from them.
#
#   bench/run.sh                the full set (bench/scenarios.conf); about 25 minutes
#   bench/run.sh --quick        smoke-test sizes (bench/scenarios-quick.conf); about 3 minutes,
#                               report in bench/target/results/report/ instead of docs/
#   bench/run.sh --config FILE  another scenario file
#   bench/run.sh --no-report    results only
#   bench/run.sh --only NAME    runs that one case of the set again, keeping the other results (and
#                               the commands they were made with), then writes the report
#
# Environment: KANAL_JAR (the server jar), SERVER_HEAP (default -Xmx512m), SERVER_CPU and
# CLIENT_CPU (default 0 and 1), KANAL_JWT_SECRET (any; both sides get it).
#
# Build first: mvn -B -q -DskipTests package (needs bench/target/kanal-bench.jar and
# server/target/kanal-server.jar; KANAL_JAR overrides the latter). Every run is bounded by its
# --max-seconds (default 180) plus server start and stop, so a run that hangs costs at most ~5 min.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BENCH_JAR="bench/target/kanal-bench.jar"
KANAL_JAR="${KANAL_JAR:-server/target/kanal-server.jar}"
RESULTS="bench/target/results"
LOGS="bench/target/logs"
DATA="bench/target/data"
CONFIG="bench/scenarios.conf"
DOCS="docs"
REPORT=yes
MAX_SECONDS=180
SERVER_CPU="${SERVER_CPU:-0}"
CLIENT_CPU="${CLIENT_CPU:-1}"
HEAP="${SERVER_HEAP:--Xmx512m}"
export KANAL_JWT_SECRET="${KANAL_JWT_SECRET:-kanal-bench-secret}"
INVOCATION="bench/run.sh $*"
ONLY=""

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) CONFIG="bench/scenarios-quick.conf"; DOCS="$RESULTS/report" ;;
    --config) CONFIG="$2"; shift ;;
    --no-report) REPORT=no ;;
    --only) ONLY="$2"; shift ;;
    *) echo "unknown option: $1 (see the head of $0)" >&2; exit 2 ;;
  esac
  shift
done

for jar in "$BENCH_JAR" "$KANAL_JAR"; do
  [ -f "$jar" ] || { echo "$jar is missing: build with mvn -B -q -DskipTests package" >&2; exit 1; }
done
if [ "$(nproc)" -gt 1 ]; then
  SERVER_PIN=(taskset -c "$SERVER_CPU")
  CLIENT_PIN=(taskset -c "$CLIENT_CPU")
else
  echo "one CPU only: servers and load generator share it, unpinned" >&2
  SERVER_PIN=()
  CLIENT_PIN=()
fi
# Each side holds one descriptor per socket: 10,000 sockets need more than the usual 1,024.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

if [ -n "$ONLY" ]; then
  grep -q "^$ONLY " "$CONFIG" || { echo "no case $ONLY in $CONFIG" >&2; exit 2; }
  [ -f "$RESULTS/commands.txt" ] || { echo "--only re-runs a case of an earlier run; $RESULTS is empty" >&2; exit 2; }
  rm -rf "$RESULTS/$ONLY"-*.json "$LOGS/$ONLY"-* "$DATA/$ONLY"-*
else
  rm -rf "$RESULTS" "$LOGS" "$DATA"
fi
mkdir -p "$RESULTS" "$LOGS" "$DATA"
STARTED=()

stop_servers() {
  for pid in "${STARTED[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED[@]}"; do
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STARTED=()
}
trap stop_servers EXIT

# A port nothing listens on, below the kernel's ephemeral range so no client socket holds it.
free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
}

# wait_for URL STATUS PID: until URL answers STATUS, or fail if PID exits or 90 s pass.
wait_for() {
  for _ in $(seq 1 360); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = "$2" ] && return 0
    kill -0 "$3" 2>/dev/null || { echo "server $3 exited; see $LOGS" >&2; return 1; }
    sleep 0.25
  done
  echo "$1 did not answer $2 within 90 s" >&2
  return 1
}

# start_reference NAME: one reference server; sets URL and PID.
start_reference() {
  local port
  port=$(free_port)
  "${SERVER_PIN[@]}" java "$HEAP" -jar "$BENCH_JAR" reference --port "$port" </dev/null >"$LOGS/$1.log" 2>&1 &
  PID=$!
  STARTED+=("$PID")
  URL="http://127.0.0.1:$port"
  wait_for "$URL/" 404 "$PID"
}

# start_kanal NAME SEED_CLUSTER_PORT CLUSTER_PORT: one Kanal node with its own store; sets URL and PID.
start_kanal() {
  local port
  port=$(free_port)
  env KANAL_HTTP_HOST=127.0.0.1 KANAL_PORT="$port" KANAL_CLUSTER_PORT="$3" \
    KANAL_SEED_NODES="127.0.0.1:$2" KANAL_DB_URL="jdbc:h2:file:$ROOT/$DATA/$1/kanal" \
    "${SERVER_PIN[@]}" java "$HEAP" -Dconfig.file="$ROOT/bench/kanal-bench.conf" -jar "$KANAL_JAR" \
    </dev/null >"$LOGS/$1.log" 2>&1 &
  PID=$!
  STARTED+=("$PID")
  URL="http://127.0.0.1:$port"
}

# start_servers TARGET NAME NODES: starts the target's nodes and waits until all are ready;
# sets URLS and PIDS (comma-separated).
start_servers() {
  local urls=() pids=() seed node cluster_port
  seed=$(free_port)
  for node in $(seq 1 "$3"); do
    if [ "$1" = reference ]; then
      start_reference "$2-$node"
    else
      cluster_port=$seed
      [ "$node" -gt 1 ] && cluster_port=$(free_port)
      start_kanal "$2-$node" "$seed" "$cluster_port"
    fi
    urls+=("$URL")
    pids+=("$PID")
  done
  if [ "$1" = kanal ]; then
    for i in "${!urls[@]}"; do
      wait_for "${urls[$i]}/health/ready" 200 "${pids[$i]}"
    done
  fi
  URLS=$(IFS=,; echo "${urls[*]}")
  PIDS=$(IFS=,; echo "${pids[*]}")
}

[ -n "$ONLY" ] || cat >"$RESULTS/commands.txt" <<EOF
$INVOCATION
# each server alone, pinned, on fresh ports (a cluster's nodes seed from its first node):
${SERVER_PIN[*]} java $HEAP -jar $BENCH_JAR reference --port PORT
KANAL_PORT=PORT KANAL_CLUSTER_PORT=PORT KANAL_SEED_NODES=127.0.0.1:PORT KANAL_DB_URL=jdbc:h2:file:DIR/kanal \\
  ${SERVER_PIN[*]} java $HEAP -Dconfig.file=bench/kanal-bench.conf -jar $KANAL_JAR
# the load generator, pinned apart from the servers; its commands are under each table:
${CLIENT_PIN[*]} java -jar $BENCH_JAR SCENARIO ... --target kanal|reference --url URLS --server-pid PIDS
EOF
[ -n "$ONLY" ] || java -jar "$BENCH_JAR" machine --out "$RESULTS/machine.json"

failures=0
while read -r name nodes targets args; do
  case "$name" in ''|'#'*) continue ;; esac
  [ -z "$ONLY" ] || [ "$name" = "$ONLY" ] || continue
  [[ " $args " == *" --max-seconds "* ]] || args="$args --max-seconds $MAX_SECONDS"
  for target in ${targets//,/ }; do
    echo "== $name against $target ($(date +%T))"
    if ! start_servers "$target" "$name-$target" "$nodes"; then
      echo "   could not start the servers (see $LOGS/$name-$target-*.log)"
      failures=$((failures + 1))
      stop_servers
      continue
    fi
    # shellcheck disable=SC2086 # the arguments are words from the scenario file
    if ! "${CLIENT_PIN[@]}" java -jar "$BENCH_JAR" $args --target "$target" --url "$URLS" \
      --server-pid "$PIDS" --out "$RESULTS/$name-$target.json" </dev/null; then
      echo "   $name against $target reported problems (see its JSON)"
      failures=$((failures + 1))
    fi
    stop_servers
  done
done <"$CONFIG"

if [ "$REPORT" = yes ]; then
  java -jar "$BENCH_JAR" report --results "$RESULTS" --docs "$DOCS" --sections bench/sections
fi
echo "done: results in $RESULTS, $failures runs with problems"
