# Multi-stage image of the worker. Build: docker build -t payment-command-worker .
# The full container setup (layered jar, health check, compose with stripe-mock) is described in
# README.md, "Run with Docker".

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline || true
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 worker && useradd --system --uid 10001 --gid worker worker
WORKDIR /app
COPY --from=build /src/target/payment-command-worker.jar /app/payment-command-worker.jar
USER 10001:10001
# Container-aware heap; no secret is baked in: STRIPE_SECRET_KEY comes from the environment.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/payment-command-worker.jar"]
