# syntax=docker/dockerfile:1
# Inferyx container image: one image for every role (`serve`, and with the distributed mode `gateway` and
# `worker`); the command picks the role. Build: docker build -t inferyx:local .
# No secrets are baked in: API keys (INFERYX_API_KEYS, INFERYX_ADMIN_KEYS) and the Redis URL (INFERYX_REDIS_URL)
# come from the environment at run time.

# --- build stage: Maven + JDK 25 build the shaded jar (tests run in CI, not here) ---
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
# Dependencies first, so a source-only change reuses this layer.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package && cp target/inferyx.jar /inferyx.jar

# --- runtime stage: JRE 25 only, non-root ---
FROM eclipse-temurin:25-jre
# curl only for the HEALTHCHECK below.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 inferyx \
 && useradd --system --uid 10001 --gid inferyx --home-dir /app --no-create-home --shell /usr/sbin/nologin inferyx
WORKDIR /app
COPY --from=build /inferyx.jar /app/inferyx.jar
# Containers must listen beyond loopback; an open server (no API keys) still refuses to, so keys are required.
# DJL extracts the tokenizer's native library here (the home directory is read-only for the user).
ENV INFERYX_HOST=0.0.0.0 \
    INFERYX_PORT=8080 \
    DJL_CACHE_DIR=/tmp/djl \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
EXPOSE 8080
# Liveness, not readiness: a draining or warming server is alive. Shell form so INFERYX_PORT (9101 on workers)
# is read at run time.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${INFERYX_PORT}/health/live" >/dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/app/inferyx.jar"]
CMD ["serve"]
