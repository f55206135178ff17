#!/usr/bin/env bash
# The local stack the worker runs against when there is no Docker engine: a real single-node
# Apache Kafka broker and the Stripe emulator, both started from the project's test classpath.
#
# Usage:
#   scripts/local-stack.sh start [--no-emulator]  start whatever is not already answering
#   scripts/local-stack.sh stop [kafka] [emulator] stop what this script started (default: both)
#   scripts/local-stack.sh status                 show what answers on each port
#
# Environment:
#   KAFKA_PORT             client port of the broker (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port of the broker (default 9093)
#   STRIPE_EMULATOR_PORT   port of the Stripe emulator (default 12111)
#   STRIPE_SECRET_KEY      when set, the emulator is not started: the worker talks to real Stripe
#
# Starting twice is safe: a service already answering on its port is reused, not started again.
# Logs and pid files live in target/local-stack/; broker data in target/local-stack/kafka/.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly HOST=localhost
readonly KAFKA_PORT="${KAFKA_PORT:-9092}"
readonly KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
readonly STRIPE_EMULATOR_PORT="${STRIPE_EMULATOR_PORT:-12111}"
readonly STATE_DIR=target/local-stack
readonly CLASSPATH_FILE=target/test-classpath.txt
readonly STARTUP_TIMEOUT_SECONDS=60
readonly STOP_TIMEOUT_SECONDS=30

readonly KAFKA_MAIN=dev.paymentworker.devstack.LocalKafkaBroker
readonly EMULATOR_MAIN=dev.paymentworker.emulator.StripeEmulator

usage() {
  sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}" >&2
  exit 2
}

# True when something accepts TCP connections on localhost:PORT. Uses bash's /dev/tcp so the
# script needs no nc; the timeout guards against a connect that neither succeeds nor fails.
port_answers() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}

# True when the pid file names a live process running MAIN_CLASS. Checking the command line
# means a pid recycled by an unrelated process is never mistaken for ours.
our_process_alive() {
  local pidfile=$1 main_class=$2 pid
  [[ -f "$pidfile" ]] || return 1
  pid=$(<"$pidfile")
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null \
    && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$main_class"
}

# Makes sure the test classpath file and the compiled launchers exist. The caller normally
# compiles first (make does); this only fills the gap when someone runs the script directly.
ensure_classpath() {
  if [[ ! -f "$CLASSPATH_FILE" || pom.xml -nt "$CLASSPATH_FILE" ]]; then
    echo "Resolving the test classpath (once per pom.xml change)..."
    mvn -q -B -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$CLASSPATH_FILE"
  fi
  if [[ ! -d target/test-classes ]]; then
    echo "Compiling test classes..."
    mvn -q -B -Dstyle.color=never test-compile
  fi
}

# start_service LABEL NOUN NAME PORT READY_PREFIX MAIN_CLASS [ARGS...]
# Reuses whatever already answers on PORT; otherwise starts MAIN_CLASS in the background and waits
# until its log shows READY_PREFIX at the start of a line and the port answers.
start_service() {
  local label=$1 noun=$2 name=$3 port=$4 ready_prefix=$5 main_class=$6
  shift 6
  local log="$STATE_DIR/$name.log" pidfile="$STATE_DIR/$name.pid" pid

  if port_answers "$port"; then
    echo "$label: using the $noun already answering on $HOST:$port"
    return 0
  fi

  if our_process_alive "$pidfile" "$main_class"; then
    # Started by an earlier run and still coming up: wait for it rather than start a second one.
    pid=$(<"$pidfile")
  else
    mkdir -p "$STATE_DIR"
    # setsid puts the service in its own session, so Ctrl-C on a foreground worker started
    # after it (make run) does not take the stack down too; stop it with "stop".
    setsid java -cp "target/test-classes:target/classes:$(<"$CLASSPATH_FILE")" \
      "$main_class" "$@" >"$log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$pidfile"
  fi

  local deadline=$((SECONDS + STARTUP_TIMEOUT_SECONDS))
  until grep -q "^$ready_prefix" "$log" 2>/dev/null && port_answers "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      fail_start "$label" "$log" "$pidfile" "exited before it was ready"
    fi
    if ((SECONDS >= deadline)); then
      kill "$pid" 2>/dev/null || true
      fail_start "$label" "$log" "$pidfile" "was not ready after ${STARTUP_TIMEOUT_SECONDS}s"
    fi
    sleep 0.5
  done
  echo "$label: started local $noun on $HOST:$port (log: $log)"
}

fail_start() {
  local label=$1 log=$2 pidfile=$3 reason=$4
  rm -f "$pidfile"
  echo "$label: $reason. Last lines of $log:" >&2
  tail -n 25 "$log" >&2 || true
  exit 1
}

# stop_service LABEL NAME MAIN_CLASS: stops the process in NAME's pid file, if it is ours.
stop_service() {
  local label=$1 name=$2 main_class=$3
  local pidfile="$STATE_DIR/$name.pid" pid
  if ! our_process_alive "$pidfile" "$main_class"; then
    rm -f "$pidfile"
    echo "$label: nothing started by this script is running"
    return 0
  fi
  pid=$(<"$pidfile")
  kill -TERM "$pid"
  local deadline=$((SECONDS + STOP_TIMEOUT_SECONDS))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      echo "$label: still running after ${STOP_TIMEOUT_SECONDS}s, killing pid $pid" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile"
  echo "$label: stopped (pid $pid)"
}

# status_line LABEL NAME PORT MAIN_CLASS
status_line() {
  local label=$1 name=$2 port=$3 main_class=$4 owner=""
  if our_process_alive "$STATE_DIR/$name.pid" "$main_class"; then
    owner=" (started by this script, pid $(<"$STATE_DIR/$name.pid"))"
  fi
  if port_answers "$port"; then
    echo "$label: answering on $HOST:$port$owner"
  else
    echo "$label: nothing answering on $HOST:$port$owner"
  fi
}

cmd_start() {
  local emulator=true
  while (($#)); do
    case $1 in
      --no-emulator) emulator=false ;;
      *) usage ;;
    esac
    shift
  done
  if [[ -n "${STRIPE_SECRET_KEY:-}" ]]; then
    emulator=false
  fi

  ensure_classpath
  start_service "Kafka" broker kafka "$KAFKA_PORT" "Kafka broker ready on" "$KAFKA_MAIN" \
    --host "$HOST" --port "$KAFKA_PORT" --controller-port "$KAFKA_CONTROLLER_PORT" \
    --data-dir "$STATE_DIR/kafka"
  if [[ $emulator == true ]]; then
    start_service "Stripe emulator" emulator stripe-emulator "$STRIPE_EMULATOR_PORT" \
      "Stripe emulator listening on" "$EMULATOR_MAIN" --port "$STRIPE_EMULATOR_PORT"
  fi
}

# cmd_stop [kafka] [emulator]: stops the named services (default both), if this script started them.
cmd_stop() {
  local services=("$@")
  [[ ${#services[@]} -gt 0 ]] || services=(emulator kafka)
  for service in "${services[@]}"; do
    case "$service" in
      emulator) stop_service "Stripe emulator" stripe-emulator "$EMULATOR_MAIN" ;;
      kafka) stop_service "Kafka" kafka "$KAFKA_MAIN" ;;
      *) usage ;;
    esac
  done
}

cmd_status() {
  status_line "Kafka" kafka "$KAFKA_PORT" "$KAFKA_MAIN"
  status_line "Stripe emulator" stripe-emulator "$STRIPE_EMULATOR_PORT" "$EMULATOR_MAIN"
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  stop) shift; cmd_stop "$@" ;;
  status) cmd_status ;;
  *) usage ;;
esac
