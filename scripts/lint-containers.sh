#!/usr/bin/env bash
# `make lint`, container part: checks docker-compose.yml and the Dockerfile here, without a Docker
# engine, and checks that they agree with the code.
#  - dclint: the compose file against the Compose Specification's JSON schema, plus its rules.
#  - dockerfile-utils: the Dockerfile's syntax (instructions, flags, arguments).
#  - the properties the image promises: pinned base images, a non-root user, a health check,
#    container-aware heap, no secret baked in.
#  - consistency: environment names, topics, ports and image versions match application.yml and
#    the Testcontainers suite.
# The npm tools are installed once, at pinned versions, under target/lint-tools.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

readonly TOOLS=target/lint-tools
readonly DCLINT_VERSION=3.1.0
readonly DOCKERFILE_UTILS_VERSION=0.16.3

if [[ ! -x "$TOOLS/node_modules/.bin/dclint" || ! -x "$TOOLS/node_modules/.bin/dockerfile-utils" ]]; then
  echo "Installing dclint $DCLINT_VERSION and dockerfile-utils $DOCKERFILE_UTILS_VERSION (npm, once)..."
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "dclint@$DCLINT_VERSION" "dockerfile-utils@$DOCKERFILE_UTILS_VERSION" >/dev/null
fi

problems=0
fail() {
  echo "  FAIL: $*"
  problems=$((problems + 1))
}

echo "docker-compose.yml: Compose Specification schema and dclint rules"
"$TOOLS/node_modules/.bin/dclint" --max-warnings 0 docker-compose.yml || fail "dclint"

echo "Dockerfile: syntax"
"$TOOLS/node_modules/.bin/dockerfile-utils" lint Dockerfile || fail "dockerfile-utils"

echo "Dockerfile: pinned base images, non-root user, health check, heap, no secrets"
while read -r image; do
  tag=${image##*:}
  if [[ "$image" != *@sha256:* && ( "$image" != *:* || "$tag" == latest || ! "$tag" =~ [0-9] ) ]]; then
    fail "base image '$image' is not pinned to a version"
  fi
done < <(awk 'toupper($1) == "FROM" { print $2 }' Dockerfile)
# The last stage is the image that runs.
final_stage=$(awk 'toupper($1) == "FROM" { stage = "" } { stage = stage $0 "\n" } END { printf "%s", stage }' Dockerfile)
user=$(grep -E '^USER[[:space:]]' <<<"$final_stage" | tail -n 1 | awk '{ print $2 }' || true)
case "${user%%:*}" in
  "" ) fail "the final stage sets no USER: the worker would run as root" ;;
  root | 0 ) fail "the final stage runs as root ($user)" ;;
esac
grep -qE '^HEALTHCHECK[[:space:]]' <<<"$final_stage" || fail "the final stage has no HEALTHCHECK"
grep -q 'MaxRAMPercentage' <<<"$final_stage" || fail "no container-aware heap setting (MaxRAMPercentage)"
if grep -iE '^(ENV|ARG)[[:space:]].*(SECRET|PASSWORD|TOKEN|API_KEY|sk_(test|live)_)' Dockerfile; then
  fail "a secret-like ENV or ARG is baked into the image"
fi

echo "Consistency with application.yml and the Testcontainers suite"
for name in $(awk '/^  worker:/ { w = 1 } w && /^    environment:/ { e = 1; next } e && /^      [A-Z_]+:/ { sub(":", "", $1); print $1 } e && /^    [a-z]/ { e = 0 }' docker-compose.yml); do
  grep -q "\${$name" src/main/resources/application.yml || fail "compose sets $name, which application.yml does not read"
done
for topic in payments.commands payments.replies payments.commands-dlt; do
  grep -q "$topic" docker-compose.yml || fail "compose does not create topic $topic"
  grep -q ": $topic\$" src/main/resources/application.yml || fail "application.yml does not name topic $topic"
done
server_port=$(grep -oE 'SERVER_PORT:[0-9]+' src/main/resources/application.yml | cut -d: -f2)
grep -q "SERVER_PORT=$server_port" Dockerfile || fail "the Dockerfile's SERVER_PORT is not application.yml's $server_port"
for image in $(grep -oE 'image: (apache/kafka|stripe/stripe-mock):[^ ]+' docker-compose.yml | awk '{ print $2 }' | sort -u); do
  grep -rq "\"$image\"" src/test/java || fail "the Testcontainers suite does not run $image, which compose runs"
done

if [[ $problems -gt 0 ]]; then
  echo "container lint: $problems problem(s)"
  exit 1
fi
echo "container lint: ok"
