# Keycloak, the distribution Maven Central serves (org.keycloak:keycloak-quarkus-dist), with its shipped defaults
# (production mode, kc.sh's JVM options, its embedded H2 "dev-file" database and Infinispan caches) and:
#   - HTTPS on https://localhost:28443 with the development server certificate, no plain HTTP;
#   - --https-client-auth=request with the development CA as the trust store for client certificates (RFC 8705
#     section 2: the TLS layer asks for a certificate and checks its chain, the token endpoint binds the token to it);
#   - the clustering transport bound to 127.0.0.1 (its default is a site-local address: a benchmark sends nothing off
#     this machine);
#   - two realms imported at start from this directory: bench (RS256) and bench-es256 (ES256 as the realm's default
#     signature algorithm), each with the client bench-client (client_secret_basic, "OAuth 2.0 Mutual TLS Certificate
#     Bound Access Tokens Enabled").
# Sourced by bench.sh, which provides CA, now_ms and scripts/servers.sh; bench/servers/README.md describes the
# functions every adapter defines. Keycloak needs Java 21 or later: bench.sh --compare runs both servers on one JDK.

KEYCLOAK_VERSION=26.7.3
# SHA-256 of keycloak-quarkus-dist-26.7.3.tar.gz, pinned when this version was chosen; Maven also checks Central's SHA-1
# on download (--strict-checksums).
KEYCLOAK_SHA256=77657f30b7e90d70f727712ce1c967f430fd6a5e9f458d32d8c6df0635345f47
KEYCLOAK_CACHE=bench/.cache
KEYCLOAK_HOME=$KEYCLOAK_CACHE/keycloak-$KEYCLOAK_VERSION
KEYCLOAK_PORT=28443
KEYCLOAK_REALMS=bench/servers/keycloak
# The client of both realm files (KeycloakRealmTest checks that they agree). Its scope asks for one of the realm's
# default client scopes: Keycloak refuses a scope it does not know, and a realm that declares its own client scopes
# loses the default ones, with which Keycloak's tokens are what a stock realm issues.
KEYCLOAK_CLIENT_ID=bench-client
KEYCLOAK_CLIENT_SECRET=bench-secret
KEYCLOAK_SCOPE=profile

# keycloak_fetch: downloads the distribution through Maven (into ~/.m2, checked against Central's checksum), checks
# the pinned SHA-256, unpacks it under bench/.cache/ (git-ignored) and runs Keycloak's build step for the options that
# are fixed at build time (the database and client certificate authentication). Once per version.
keycloak_fetch() {
    local archive=$KEYCLOAK_CACHE/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz
    if [[ -f $KEYCLOAK_HOME/.ready && $(<"$KEYCLOAK_HOME/.ready") == "$KEYCLOAK_SHA256" ]]; then
        return
    fi
    mkdir -p "$KEYCLOAK_CACHE"
    echo "Fetching Keycloak $KEYCLOAK_VERSION (org.keycloak:keycloak-quarkus-dist) through Maven..."
    ./mvnw -B -q -N --strict-checksums dependency:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" \
        -DoutputDirectory="$KEYCLOAK_CACHE" || return 1
    if [[ $(sha256sum "$archive" | cut -d' ' -f1) != "$KEYCLOAK_SHA256" ]]; then
        echo "$archive does not have the pinned SHA-256 $KEYCLOAK_SHA256; it is left there for inspection" >&2
        return 1
    fi
    rm -rf "$KEYCLOAK_HOME"
    tar xzf "$archive" -C "$KEYCLOAK_CACHE"
    rm -f "$archive"
    echo "Building Keycloak's optimized server image (kc.sh build, once)..."
    env -u JAVA_OPTS "$KEYCLOAK_HOME/bin/kc.sh" build --db=dev-file --https-client-auth=request \
        >"$KEYCLOAK_CACHE/keycloak-build.log" 2>&1 || {
        tail -n 20 "$KEYCLOAK_CACHE/keycloak-build.log" >&2
        return 1
    }
    echo "$KEYCLOAK_SHA256" >"$KEYCLOAK_HOME/.ready"
}

# keycloak_configure DIR: a fresh database and the realm files to import. Keycloak keeps both under its home.
keycloak_configure() {
    rm -rf "$KEYCLOAK_HOME/data"
    mkdir -p "$KEYCLOAK_HOME/data/import"
    cp "$KEYCLOAK_REALMS"/*-realm.json "$KEYCLOAK_HOME/data/import/"
}

keycloak_start() {
    local start
    start=$(now_ms)
    # JAVA_OPTS unset: kc.sh then uses its own defaults.
    start_server keycloak env -u JAVA_OPTS "$KEYCLOAK_HOME/bin/kc.sh" start --optimized \
        --hostname="https://localhost:$KEYCLOAK_PORT" --https-port="$KEYCLOAK_PORT" --http-enabled=false \
        --https-certificate-file=certs/generated/auth-server.crt \
        --https-certificate-key-file=certs/generated/auth-server.key \
        --https-trust-store-file="$CA" --cache-embedded-network-bind-address=127.0.0.1 --import-realm
    KEYCLOAK_SCRIPT_PID=$SERVER_PID
    # Its start takes 30 s on an idle machine of two cores and minutes on a busy one.
    wait_healthy keycloak "$KEYCLOAK_SCRIPT_PID" 600 keycloak_ready || return 1
    KEYCLOAK_STARTUP_MS=$(($(now_ms) - start))
    echo "Keycloak healthy on https://localhost:$KEYCLOAK_PORT after $KEYCLOAK_STARTUP_MS ms"
}

# The HTTPS port and the clustering transport's (JGroups: 7800, and 57800 for failure detection).
keycloak_ports() {
    echo "$KEYCLOAK_PORT" 7800 57800
}

# Ready once the last realm imported answers discovery.
keycloak_ready() {
    curl -fsS --max-time 5 --cacert "$CA" -o /dev/null \
        "https://localhost:$KEYCLOAK_PORT/realms/bench-es256/.well-known/openid-configuration" 2>/dev/null
}

# kc.sh forwards TERM to its JVM and waits for it.
keycloak_stop() {
    stop_started_server keycloak
}

# keycloak_issuer RS256|ES256: the realm's issuer; its metadata names the token endpoint (its mtls_endpoint_aliases
# are the same URLs, as Keycloak serves both on one port).
keycloak_issuer() {
    if [[ $1 == ES256 ]]; then
        echo "https://localhost:$KEYCLOAK_PORT/realms/bench-es256"
    else
        echo "https://localhost:$KEYCLOAK_PORT/realms/bench"
    fi
}

keycloak_client() {
    echo "$KEYCLOAK_CLIENT_ID" "$KEYCLOAK_CLIENT_SECRET" "$KEYCLOAK_SCOPE"
}

# keycloak_pid RS256|ES256: the JVM (kc.sh runs it as a child that carries kc.sh's PID); one for both realms.
keycloak_pid() {
    pgrep -f -- "-Dkc.script.pid=$KEYCLOAK_SCRIPT_PID " | head -1
}

keycloak_describe() {
    echo "Keycloak $KEYCLOAK_VERSION (org.keycloak:keycloak-quarkus-dist, SHA-256 checked), kc.sh's JVM options" \
        "(\`-Xms64m -Xmx512m -XX:+UseG1GC\` and more), production mode, dev-file H2, Infinispan caches; one" \
        "process for both realms (RS256 and ES256)"
}
