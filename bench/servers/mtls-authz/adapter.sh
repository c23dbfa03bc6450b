# This repository's authorization server as bench.sh runs it: the benchmark configuration (bench/config/), a fresh
# H2 database per run, the JVM options of SERVER_JAVA_OPTS and class data sharing. Sourced by bench.sh, which
# provides CA, SERVER_JAVA_OPTS, now_ms and scripts/servers.sh; bench/servers/README.md describes the functions every
# adapter defines.
#
# In a comparison it runs twice: RS256 keys on https://localhost:28453 (mTLS aliases on 28454) and ES256 keys
# (authserver.keys.algorithm) on 28463 (28464), each instance with its own database and keys. (The standard run
# starts one instance on ports of its own.)

MTLS_AUTHZ_JAR=auth-server/target/auth-server-exec.jar
MTLS_AUTHZ_RS256_PORTS=(28453 28454)
MTLS_AUTHZ_ES256_PORTS=(28463 28464)
# Class data sharing on (true) or off (bench.sh --no-cds).
MTLS_AUTHZ_CDS=${cds:-true}
# The H2 database's settings, as application.yml's: WRITE_DELAY=0 makes each commit durable through a kill -9 before
# the token is returned. MTLS_AUTHZ_H2_SETTINGS=';DB_CLOSE_ON_EXIT=FALSE' measures H2's lazy default (bench/README.md,
# "Durability").
MTLS_AUTHZ_H2_SETTINGS=${MTLS_AUTHZ_H2_SETTINGS-;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;RETENTION_TIME=0}
# More JVM options for every instance, e.g. a JFR recording (bench.sh --profile).
MTLS_AUTHZ_JVM_OPTIONS=()

mtls_authz_fetch() {
    if [[ ! -f $MTLS_AUTHZ_JAR ]]; then
        echo "$MTLS_AUTHZ_JAR is missing: build it with ./mvnw -B -q -Dmaven.test.skip=true package" >&2
        return 1
    fi
}

# mtls_authz_configure DIR: the instances' databases go to DIR. Makes the class data archive for this jar and JVM when
# there is none yet.
mtls_authz_configure() {
    MTLS_AUTHZ_DIR=$1
    mkdir -p "$MTLS_AUTHZ_DIR"
    MTLS_AUTHZ_LAUNCH=(-jar "$MTLS_AUTHZ_JAR")
    if [[ $MTLS_AUTHZ_CDS == true ]]; then
        mtls_authz_prepare_cds
    fi
}

# Class data sharing: the classes loaded during one start-up are archived once per build and JVM, and mapped, already
# parsed and verified, at every later start. On Java 25 and later an ahead-of-time cache (JEP 483 and 514: classes also
# loaded and linked, and the profile of the training run) made with -XX:AOTCacheOutput; before that a dynamic archive
# (JEP 350). Both need the jar extracted (Spring Boot's jarmode=tools), since the JVM cannot archive classes from jars
# nested in the executable jar. The jar's timestamp is the reproducible build's, so its checksum tells a new build.
# Neither is committed: both are made here, under target/.
mtls_authz_prepare_cds() {
    local version dir key feature archive record use
    version=$(java -version 2>&1 | head -1)
    feature=$(echo "$version" | sed -nE 's/.*version "([0-9]+).*/\1/p')
    dir=auth-server/target/cds/$(echo "$version $SERVER_JAVA_OPTS" | cksum | cut -d' ' -f1)
    if ((feature >= 25)); then
        archive=$dir/auth-server.aot
        record=-XX:AOTCacheOutput=$archive
        use=(-XX:AOTCache="$archive" -Xlog:aot=off -Xlog:cds=off)
    else
        archive=$dir/auth-server.jsa
        record=-XX:ArchiveClassesAtExit=$archive
        use=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:class+path=off)
    fi
    key="$(cksum <"$MTLS_AUTHZ_JAR") $version $SERVER_JAVA_OPTS"
    if [[ ! -f $archive || $(cat "$dir/key" 2>/dev/null) != "$key" ]]; then
        echo "Creating the class data archive of the authorization server (once per build, JVM and JVM options)..."
        rm -rf "$dir"
        java -Djarmode=tools -jar "$MTLS_AUTHZ_JAR" extract --destination "$dir/app" \
            >"$MTLS_AUTHZ_DIR/cds-extract.log" 2>&1
        mtls_authz_arguments cds-training "${MTLS_AUTHZ_RS256_PORTS[@]}"
        # shellcheck disable=SC2086
        java $SERVER_JAVA_OPTS "$record" -Dspring.context.exit=onRefresh \
            -jar "$dir/app/auth-server-exec.jar" "${MTLS_AUTHZ_ARGUMENTS[@]}" >"$MTLS_AUTHZ_DIR/cds-training.log" 2>&1
        echo "$key" >"$dir/key"
    fi
    MTLS_AUTHZ_LAUNCH=("${use[@]}" -jar "$dir/app/auth-server-exec.jar")
}

# mtls_authz_arguments NAME PORT MTLS_PORT: sets MTLS_AUTHZ_ARGUMENTS, the Spring Boot arguments of one instance.
mtls_authz_arguments() {
    MTLS_AUTHZ_ARGUMENTS=(--spring.config.additional-location=file:bench/config/auth-server.yml --server.port="$2"
        --authserver.issuer="https://localhost:$2" --authserver.mtls.port="$3"
        "--spring.datasource.url=jdbc:h2:file:$MTLS_AUTHZ_DIR/$1/auth-server$MTLS_AUTHZ_H2_SETTINGS")
}

# mtls_authz_start_instance NAME PORT MTLS_PORT [ARGUMENT...]: starts one instance and waits until it is healthy; sets
# MTLS_AUTHZ_PID and MTLS_AUTHZ_STARTUP_MS (launch to healthy).
mtls_authz_start_instance() {
    local name=$1 port=$2 start
    mtls_authz_arguments "$name" "$port" "$3"
    start=$(now_ms)
    # shellcheck disable=SC2086
    start_server "$name" java $SERVER_JAVA_OPTS ${MTLS_AUTHZ_JVM_OPTIONS[@]+"${MTLS_AUTHZ_JVM_OPTIONS[@]}"} \
        "${MTLS_AUTHZ_LAUNCH[@]}" "${MTLS_AUTHZ_ARGUMENTS[@]}" "${@:4}"
    MTLS_AUTHZ_PID=$SERVER_PID
    wait_healthy "$name" "$MTLS_AUTHZ_PID" "${STARTUP_TIMEOUT:-180}" actuator_healthy "https://localhost:$port" "$CA" \
        || return 1
    MTLS_AUTHZ_STARTUP_MS=$(($(now_ms) - start))
}

mtls_authz_ports() {
    echo "${MTLS_AUTHZ_RS256_PORTS[@]}" "${MTLS_AUTHZ_ES256_PORTS[@]}"
}

mtls_authz_start() {
    mtls_authz_start_instance auth-server "${MTLS_AUTHZ_RS256_PORTS[@]}" || return 1
    MTLS_AUTHZ_PID_RS256=$MTLS_AUTHZ_PID
    echo "mtls-authz (RS256) healthy on $(mtls_authz_issuer RS256) after $MTLS_AUTHZ_STARTUP_MS ms"
    mtls_authz_start_instance auth-server-es256 "${MTLS_AUTHZ_ES256_PORTS[@]}" --authserver.keys.algorithm=ES256 \
        || return 1
    MTLS_AUTHZ_PID_ES256=$MTLS_AUTHZ_PID
    echo "mtls-authz (ES256) healthy on $(mtls_authz_issuer ES256) after $MTLS_AUTHZ_STARTUP_MS ms"
}

mtls_authz_stop() {
    stop_started_server auth-server-es256
    stop_started_server auth-server
}

# mtls_authz_issuer RS256|ES256: the issuer whose metadata names the token endpoint's mTLS alias.
mtls_authz_issuer() {
    if [[ $1 == ES256 ]]; then
        echo "https://localhost:${MTLS_AUTHZ_ES256_PORTS[0]}"
    else
        echo "https://localhost:${MTLS_AUTHZ_RS256_PORTS[0]}"
    fi
}

# The client of bench/config/clients.json: client_secret_basic, tokens bound to any presented certificate.
mtls_authz_client() {
    echo demo-secret-client demo-secret api.read
}

mtls_authz_pid() {
    if [[ $1 == ES256 ]]; then echo "$MTLS_AUTHZ_PID_ES256"; else echo "$MTLS_AUTHZ_PID_RS256"; fi
}

mtls_authz_describe() {
    echo "this repository's authorization server ($(git rev-parse --short HEAD 2>/dev/null || echo "?")), JVM" \
        "options \`$SERVER_JAVA_OPTS\`$([[ $MTLS_AUTHZ_CDS == true ]] && echo " and a class data archive")," \
        "bench/config/auth-server.yml, H2; two processes: RS256 and ES256 keys"
}
