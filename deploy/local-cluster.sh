#!/usr/bin/env bash
# A cluster of Kanal nodes on this machine, without Docker.
#
#   deploy/local-cluster.sh start N [--base-port P] [--config FILE]
#   deploy/local-cluster.sh stop
#
# Node K (1..N) serves HTTP on P+K (P defaults to 4000) and speaks to the others on P+100+K; its
# Pekko Management port, used only if KANAL_MANAGEMENT_ENABLED=true, is P+200+K. Node 1 is the seed.
# The jar is $KANAL_JAR, else server/target/kanal-server.jar. Logs and pid files go to
# ./data/cluster (under the current directory). With KANAL_DB_URL set (jdbc:postgresql://...) every
# node uses that store, with KANAL_DB_USER and KANAL_DB_PASSWORD; without it each node gets its own
# H2 file. KANAL_JWT_SECRET and any other KANAL_* setting are passed on to every node.
#
# `start` returns once every node is ready and sees all N members, printing one line per node:
#   node K http://127.0.0.1:PORT pid PID
set -euo pipefail

readonly REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly DIR="data/cluster"
readonly READY_TIMEOUT_SECONDS=120
readonly STOP_TIMEOUT_SECONDS=30

usage() {
  echo "usage: $0 start N [--base-port P] [--config FILE] | stop" >&2
  exit 2
}

fail() {
  echo "local-cluster: $*" >&2
  exit 1
}

# A pid from a pid file is one of ours only while it runs a jar: a stale file's pid may have been
# reused by an unrelated process, which must not be refused on or signalled. An exited node that
# nothing reaped yet (a zombie) shows as "[java] <defunct>" and counts as gone.
is_node() {
  local args
  args="$(ps -p "$1" -o args= 2>/dev/null)" || return 1
  [[ "$args" == *java*-jar* ]]
}

# The members count in a /health/ready body, or nothing.
members_of() {
  sed -n 's/.*"members"[[:space:]]*:[[:space:]]*\([0-9][0-9]*\).*/\1/p' <<<"$1"
}

start() {
  [[ $# -ge 1 && "$1" =~ ^[1-9][0-9]*$ ]] || usage
  local count="$1" base=4000 config=""
  shift
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --base-port)
        [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage
        base="$2"
        shift 2
        ;;
      --config)
        [[ $# -ge 2 ]] || usage
        [[ -f "$2" ]] || fail "config file not found: $2"
        config="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
        shift 2
        ;;
      *) usage ;;
    esac
  done
  (( base + 200 + count <= 65535 )) || fail "ports past 65535 with --base-port $base and $count nodes"

  local jar="${KANAL_JAR:-$REPO/server/target/kanal-server.jar}"
  [[ -f "$jar" ]] || fail "server jar not found: $jar (build it with: mvn -B -q -DskipTests package, or set KANAL_JAR)"

  mkdir -p "$DIR"
  local file pid
  for file in "$DIR"/*.pid; do
    [[ -e "$file" ]] || continue
    pid="$(cat "$file")"
    if is_node "$pid"; then
      fail "a cluster is already running from $PWD/$DIR (pid $pid in $file); run: $0 stop"
    fi
    rm -f "$file"
  done

  if [[ -z "${KANAL_DB_URL:-}" ]]; then
    echo "local-cluster: warning: KANAL_DB_URL is not set, so each node journals to its own H2 file;" \
      "collections need one shared PostgreSQL in a cluster (set KANAL_DB_URL, KANAL_DB_USER, KANAL_DB_PASSWORD)" >&2
  fi
  if [[ -z "${KANAL_JWT_SECRET:-}" ]]; then
    echo "local-cluster: warning: KANAL_JWT_SECRET is not set, so every token is refused" >&2
  fi

  local java_args=()
  [[ -n "$config" ]] && java_args+=("-Dconfig.file=$config")
  java_args+=(-jar "$jar")

  local seed="127.0.0.1:$((base + 101))" k store
  local -a pids=()
  # Nodes left half-started (a timeout, a node that died, Ctrl-C) are stopped on the way out.
  trap 'stop_started ${pids[@]+"${pids[@]}"}' EXIT
  for ((k = 1; k <= count; k++)); do
    store="${KANAL_DB_URL:-jdbc:h2:file:$PWD/$DIR/node$k/kanal}"
    KANAL_HTTP_HOST=127.0.0.1 \
      KANAL_PORT=$((base + k)) \
      KANAL_CLUSTER_HOST=127.0.0.1 \
      KANAL_CLUSTER_PORT=$((base + 100 + k)) \
      KANAL_MANAGEMENT_PORT=$((base + 200 + k)) \
      KANAL_SEED_NODES="$seed" \
      KANAL_DB_URL="$store" \
      nohup java "${java_args[@]}" >"$DIR/node$k.log" 2>&1 </dev/null &
    pids[k]=$!
    echo "${pids[k]}" >"$DIR/node$k.pid"
  done

  wait_ready "$count" "$base" "${pids[@]}"
  trap - EXIT
  for ((k = 1; k <= count; k++)); do
    echo "node $k http://127.0.0.1:$((base + k)) pid ${pids[k]}"
  done
}

# Polls every node's /health/ready until each answers 200 with "members": count.
wait_ready() {
  local count="$1" base="$2"
  shift 2
  local -a node_pids=("" "$@")
  local deadline=$((SECONDS + READY_TIMEOUT_SECONDS)) k body members
  local -a last=() pending
  while true; do
    pending=()
    for ((k = 1; k <= count; k++)); do
      if ! kill -0 "${node_pids[k]}" 2>/dev/null; then
        echo "local-cluster: node $k (pid ${node_pids[k]}) exited before it was ready" >&2
        show_log "$k"
        exit 1
      fi
      if body="$(curl -fsS --max-time 2 "http://127.0.0.1:$((base + k))/health/ready" 2>&1)"; then
        members="$(members_of "$body")"
        [[ "$members" == "$count" ]] && continue
        last[k]="ready, but members is ${members:-absent} (want $count): $body"
      else
        last[k]="$body"
      fi
      pending+=("$k")
    done
    [[ ${#pending[@]} -eq 0 ]] && return 0
    if ((SECONDS >= deadline)); then
      echo "local-cluster: not every node was ready with $count members within ${READY_TIMEOUT_SECONDS} s" >&2
      for k in "${pending[@]}"; do
        echo "--- node $k (http://127.0.0.1:$((base + k))): ${last[k]}" >&2
        show_log "$k"
      done
      exit 1
    fi
    sleep 1
  done
}

# A node's first errors (the cause is often far above the end of the log), then its last lines.
show_log() {
  local log="$DIR/node$1.log"
  echo "--- $log: errors" >&2
  grep -m 5 -E ' ERROR |Exception' "$log" >&2 || true
  echo "--- $log: the end" >&2
  tail -n 20 "$log" >&2 || true
}

# SIGTERM to each node, a bounded wait, then SIGKILL for any still running (named on stdout).
terminate() {
  local pid
  local -a alive=()
  for pid in "$@"; do
    if is_node "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      alive+=("$pid")
    fi
  done
  local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
  while ((SECONDS < deadline)); do
    local -a still=()
    for pid in "${alive[@]+"${alive[@]}"}"; do
      is_node "$pid" && still+=("$pid")
    done
    [[ ${#still[@]} -eq 0 ]] && break
    sleep 0.5
  done
  for pid in "${alive[@]+"${alive[@]}"}"; do
    if is_node "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      echo "pid $pid did not exit within ${STOP_TIMEOUT_SECONDS} s: killed"
    fi
  done
}

stop_started() {
  echo "local-cluster: stopping the nodes started" >&2
  terminate "$@" >&2
  rm -f "$DIR"/*.pid
}

stop() {
  [[ $# -eq 0 ]] || usage
  local file pid k
  local -a files=() pids=() lines=()
  for file in "$DIR"/*.pid; do
    [[ -e "$file" ]] || continue
    files+=("$file")
    pid="$(cat "$file")"
    k="$(basename "$file" .pid)"
    k="${k#node}"
    if is_node "$pid"; then
      pids+=("$pid")
      lines+=("stopped node $k (pid $pid)")
    else
      lines+=("node $k (pid $pid) was not running")
    fi
  done
  if [[ ${#lines[@]} -eq 0 ]]; then
    echo "no nodes in $PWD/$DIR"
    return 0
  fi
  terminate ${pids[@]+"${pids[@]}"}
  rm -f "${files[@]}"
  printf '%s\n' "${lines[@]}"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) usage ;;
esac
