# syntax=docker/dockerfile:1
#
# Every image of docker-compose.yml from one multi-stage build: the Maven reactor is built once (stage "build") and
# each application gets its own Temurin JRE image, picked with "target:" in docker-compose.yml, for example
# "docker build --target auth-server -t mtls-authz/auth-server ." A separate Dockerfile per module would build the
# whole reactor once per image, since every module needs certs and certificate-binding.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY certs/ certs/
COPY certificate-binding/ certificate-binding/
COPY auth-server/ auth-server/
COPY resource-api/ resource-api/
COPY mtls-client-spring-boot-starter/ mtls-client-spring-boot-starter/
COPY examples/whoami-client/ examples/whoami-client/
COPY demo-client/ demo-client/
COPY bench/ bench/
# The cache mount keeps ~/.m2 between builds without putting it into any image.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests package

FROM eclipse-temurin:17-jre AS runtime
# curl for the HEALTHCHECKs. The applications run as an unprivileged user that owns /app, so that the named
# volumes mounted at /app/certs/generated and /app/data start out writable by it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 mtlsauthz \
    && useradd --system --uid 10001 --gid mtlsauthz --home-dir /app --shell /usr/sbin/nologin mtlsauthz \
    && mkdir -p /app/certs/generated /app/data \
    && chown -R mtlsauthz:mtlsauthz /app
# Container-aware memory (bench/README.md, "Memory and start-up"): the heap is at most 50% of the container's memory
# limit (docker-compose.yml gives each server 384 MB, so 192 MB of heap, the bound demo.sh sets), and starts small; the
# serial collector and 512 kB thread stacks keep an idle server's resident memory low; two malloc arenas instead of
# glibc's eight per core.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms16m -XX:MaxRAMPercentage=50 -Xss512k" \
    MALLOC_ARENA_MAX=2
# The applications resolve certs/generated/ and data/ against the working directory, as they do from the
# repository root outside Docker.
WORKDIR /app
USER 10001:10001

FROM runtime AS certs
COPY --from=build /src/certs/target/certs.jar /app/certs.jar
COPY --from=build /src/certs/target/lib/ /app/lib/
# A one-shot job that exits 0 once the PKI is in place (it keeps certificates that are still valid): there is
# nothing to probe while it runs.
HEALTHCHECK NONE
ENTRYPOINT ["java", "-jar", "/app/certs.jar", "/app/certs/generated"]

FROM runtime AS auth-server
COPY --from=build /src/auth-server/target/auth-server-exec.jar /app/auth-server.jar
EXPOSE 8443 8444
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=5 \
    CMD curl -fsS --cacert /app/certs/generated/ca.crt https://localhost:8443/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/auth-server.jar"]

FROM runtime AS resource-api
COPY --from=build /src/resource-api/target/resource-api-exec.jar /app/resource-api.jar
EXPOSE 9443
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=5 \
    CMD curl -fsS --cacert /app/certs/generated/ca.crt https://localhost:9443/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/resource-api.jar"]

FROM runtime AS demo-client
COPY --from=build /src/demo-client/target/demo-client.jar /app/demo-client.jar
COPY --from=build /src/demo-client/target/lib/ /app/lib/
# A one-shot job like "certs": its exit status is the result.
HEALTHCHECK NONE
ENTRYPOINT ["java", "-jar", "/app/demo-client.jar"]
