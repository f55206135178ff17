# Every target a developer uses; CI (.ci/run) calls the same ones. `make help` lists them.
MVN ?= mvn
MVN_FLAGS ?= -B -q -Dstyle.color=never
JAR := target/payment-command-worker.jar
# The jar is rebuilt only when a source changed, so make run and make demo start quickly.
SOURCES := pom.xml $(shell find src -type f)

.DEFAULT_GOAL := help
.PHONY: help build test lint format typecheck run demo stack-start stack-stop clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: $(JAR) ## Compile and package the worker jar (tests compiled, not run)

$(JAR): $(SOURCES)
	$(MVN) $(MVN_FLAGS) -DskipTests package
	@touch $@

test: ## Unit and integration tests (embedded Kafka, Stripe emulator), coverage gate >= 85% of lines
	$(MVN) $(MVN_FLAGS) verify
	@scripts/test-report.sh

lint: ## Check formatting (google-java-format, via Spotless); `make format` fixes it
	$(MVN) $(MVN_FLAGS) spotless:check

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

stack-start: $(JAR) ## Start only the local Kafka broker and Stripe emulator, in the background
	scripts/local-stack.sh start

stack-stop: ## Stop what stack-start started
	scripts/local-stack.sh stop

clean: ## Remove build output and local broker data
	$(MVN) $(MVN_FLAGS) clean
