# Every target a developer uses; CI (.ci/run) calls the same ones. `make help` lists them.
MVN ?= mvn
MVN_FLAGS ?= -B -q -Dstyle.color=never
JAR := target/payment-command-worker.jar
# The jar is rebuilt only when a source changed, so make run and make demo start quickly.
SOURCES := pom.xml $(shell find src -type f)
# The test classpath (the local broker, the emulator, the benchmark), as scripts/local-stack.sh uses it.
TEST_CLASSPATH := target/test-classpath.txt
# make bench: SIZE=full (the targets in docs/benchmarks.md) or smoke; BENCH_ARGS=--commands=2000 ...
SIZE ?= full
BENCH_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help build test lint format typecheck run demo bench bench-smoke stack-start stack-stop image up down \
	clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: $(JAR) ## Compile and package the worker jar (tests compiled, not run)

$(JAR): $(SOURCES)
	$(MVN) $(MVN_FLAGS) -DskipTests package
	@touch $@

test: ## Unit and integration tests (embedded Kafka, Stripe emulator), coverage gate >= 85% of lines
	@# Reports of an earlier run (or of a deleted test) must not count in this run's figures.
	rm -rf target/surefire-reports target/failsafe-reports target/jacoco.exec
	$(MVN) $(MVN_FLAGS) verify
	@scripts/test-report.sh

lint: ## Formatting (google-java-format; `make format` fixes it), compose file and Dockerfile checks
	$(MVN) $(MVN_FLAGS) spotless:check
	scripts/lint-containers.sh

format: ## Reformat the Java sources
	$(MVN) $(MVN_FLAGS) spotless:apply

typecheck: ## Error Prone and NullAway over the main code, warnings as errors
	rm -rf target/typecheck
	@# Not quiet: the findings are printed as compiler warnings.
	$(MVN) -B -ntp -Dstyle.color=never -Ptypecheck compile

run: $(JAR) ## Run the worker on localhost:9092, starting Kafka and the Stripe emulator if needed
	scripts/run-local.sh

demo: $(JAR) ## Publish examples/commands.jsonl and print one line per outcome
	scripts/demo.sh

bench: $(JAR) $(TEST_CLASSPATH) ## Throughput, latency and CPU of the worker against the emulator (SIZE=smoke: quick)
	java -cp "target/test-classes:target/classes:$$(cat $(TEST_CLASSPATH))" \
	  dev.paymentworker.bench.Benchmark --size=$(SIZE) $(BENCH_ARGS)

bench-smoke: ## make bench at the small size CI can afford (N=200, about 1.5 minutes)
	$(MAKE) --no-print-directory bench SIZE=smoke

$(TEST_CLASSPATH): pom.xml
	$(MVN) $(MVN_FLAGS) dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=$@

stack-start: $(JAR) ## Start only the local Kafka broker and Stripe emulator, in the background
	scripts/local-stack.sh start

stack-stop: ## Stop what stack-start started
	scripts/local-stack.sh stop

image: ## Build the container image payment-command-worker:local (needs a Docker engine)
	docker build -t payment-command-worker:local .

up: ## Start Kafka, stripe-mock and the worker in containers (needs a Docker engine)
	docker compose up --build --detach

down: ## Stop and remove those containers
	docker compose down

clean: ## Remove build output and local broker data
	$(MVN) $(MVN_FLAGS) clean
