#!/usr/bin/env bash
# `make run`: the worker in the foreground on its local default. Starts a local Kafka broker on
# localhost:9092 if none answers, and the Stripe emulator if STRIPE_SECRET_KEY is not set; stops
# what it started when the worker is stopped (Ctrl-C). Extra arguments go to the worker, e.g.
#   scripts/run-local.sh --worker.retry.max-attempts=6
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly JAR=target/payment-command-worker.jar
[[ -f "$JAR" ]] || { echo "No $JAR: run 'make build' first (make run does)." >&2; exit 1; }

stack_output=$(scripts/local-stack.sh start)
echo "$stack_output"
started=()
grep -q "Kafka: started" <<<"$stack_output" && started+=(kafka)
grep -q "Stripe emulator: started" <<<"$stack_output" && started+=(emulator)
stop_started() {
  if [[ ${#started[@]} -gt 0 ]]; then
    echo
    scripts/local-stack.sh stop "${started[@]}"
  fi
}

# Run a copy, so that a rebuild (make demo, make build) cannot replace the jar under the running JVM.
mkdir -p target/local-stack
cp "$JAR" target/local-stack/worker.jar
echo "Worker: starting (Ctrl-C stops it). Publish commands to payments.commands on localhost:${KAFKA_PORT:-9092}."
# Ctrl-C reaches the worker (same process group); the script itself must live on to clean up.
trap ':' INT
status=0
java ${JAVA_OPTS:-} -jar target/local-stack/worker.jar \
  --spring.kafka.bootstrap-servers="localhost:${KAFKA_PORT:-9092}" \
  --worker.stripe.emulator-url="http://localhost:${STRIPE_EMULATOR_PORT:-12111}" "$@" || status=$?
# Ctrl-C (130) and SIGTERM (143) are the normal ways to stop it: then what was started here stops
# too. After a crash the broker and the emulator (with its state and journal) are left running, so
# that a restarted worker picks up where this one died; scripts/local-stack.sh stop ends them.
if [[ $status -eq 0 || $status -eq 130 || $status -eq 143 ]]; then
  echo "Worker: stopped"
  stop_started
  exit 0
fi
echo "Worker: exited with status $status; the local stack is left running (scripts/local-stack.sh stop)" >&2
exit "$status"
