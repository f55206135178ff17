#!/usr/bin/env bash
# `make demo`: publishes examples/commands.jsonl and prints one line per outcome; exits non-zero if
# a command gets no outcome within DEMO_TIMEOUT seconds (default 90). Uses a worker that is already
# consuming (make run in another terminal) or starts one in the background for the demo; starts the
# local broker and Stripe emulator if they are not running; stops whatever it started.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly JAR=target/payment-command-worker.jar
readonly STATE_DIR=target/local-stack
readonly KAFKA="localhost:${KAFKA_PORT:-9092}"
readonly EMULATOR="http://localhost:${STRIPE_EMULATOR_PORT:-12111}"
readonly TIMEOUT="${DEMO_TIMEOUT:-90}"
[[ -f "$JAR" ]] || { echo "No $JAR: run 'make build' first (make demo does)." >&2; exit 1; }

worker_pid=""
started=()
cleanup() {
  if [[ -n "$worker_pid" ]]; then
    echo "Worker: stopping the demo's worker"
    kill "$worker_pid" 2>/dev/null || true
    wait "$worker_pid" 2>/dev/null || true
  fi
  if [[ ${#started[@]} -gt 0 ]]; then
    scripts/local-stack.sh stop "${started[@]}"
  fi
}
trap cleanup EXIT

stack_output=$(scripts/local-stack.sh start)
echo "$stack_output"
grep -q "Kafka: started" <<<"$stack_output" && started+=(kafka)
grep -q "Stripe emulator: started" <<<"$stack_output" && started+=(emulator)

classpath="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
demo() { java -cp "$classpath" dev.paymentworker.devstack.DemoClient --bootstrap "$KAFKA" "$@"; }

if demo --await-worker --timeout 3; then
  echo "Worker: using the worker already consuming payments.commands"
else
  mkdir -p "$STATE_DIR"
  echo "Worker: starting one for the demo (log: $STATE_DIR/worker.log)"
  cp "$JAR" "$STATE_DIR/demo-worker.jar"
  java ${JAVA_OPTS:-} -jar "$STATE_DIR/demo-worker.jar" --spring.kafka.bootstrap-servers="$KAFKA" \
    --worker.stripe.emulator-url="$EMULATOR" >"$STATE_DIR/worker.log" 2>&1 &
  worker_pid=$!
  if ! demo --await-worker --timeout 90; then
    echo "Worker: did not join the consumer group within 90 s; last lines of its log:" >&2
    tail -n 30 "$STATE_DIR/worker.log" >&2
    exit 1
  fi
fi

faults=()
if [[ -z "${STRIPE_SECRET_KEY:-}" ]]; then
  faults=(--emulator-faults examples/emulator-faults.json --emulator "$EMULATOR")
fi
demo --file examples/commands.jsonl --timeout "$TIMEOUT" "${faults[@]}"
