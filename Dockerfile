# syntax=docker/dockerfile:1
# The worker's image: built from source with Maven, run from Spring Boot's layered jar on a JRE,
# as a non-root user, with a health check against the actuator.
#   make image        (docker build -t payment-command-worker .)
# No secret is baked in: STRIPE_SECRET_KEY and the rest come from the environment at run time.

FROM maven:3.9.11-eclipse-temurin-17-noble AS build
WORKDIR /src
COPY pom.xml .
# Dependencies in their own layer, so that a source change does not download them again.
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/payment-command-worker.jar extract --layers --launcher \
      --destination /extracted

FROM eclipse-temurin:17.0.15_6-jre-noble
RUN groupadd --system --gid 10001 worker \
 && useradd --system --uid 10001 --gid worker --no-create-home worker
WORKDIR /app
# Least to most often changed, so that a rebuild after a code change ships one small layer.
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER 10001:10001
# Heap sized from the container's memory limit; exit (and be restarted) rather than limp on.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    SERVER_PORT=8081
EXPOSE 8081
# Ready = the command listener runs (actuator readiness group). bash's /dev/tcp: the JRE image has
# no curl or wget.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
