#!/usr/bin/env bash
# The whole RFC 8705 round trip in one command, on a machine with only a JDK (17 or later):
#
#   ./demo.sh [demo client options]   build what is missing, generate the development PKI, start the authorization
#                                     server and the resource API, run the demo client, stop both servers, and exit
#                                     with the demo client's status (e.g. ./demo.sh --json)
#   ./demo.sh up                      start both servers and leave them running
#   ./demo.sh down                    stop the servers that "./demo.sh up" started
#
# Ports: DEMO_AUTH_PORT (8443), DEMO_MTLS_PORT (8444), DEMO_API_PORT (9443). Logs: .demo/logs/. PIDs: .demo/*.pid.
# JVM options of both servers: DEMO_JAVA_OPTS (default below; bench/README.md, "Memory and start-up").
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
# start_server, stop_started_servers, actuator_healthy, ...: shared with bench.sh.
source scripts/servers.sh

readonly STATE_DIR=.demo
readonly LOG_DIR=$STATE_DIR/logs
readonly AUTH_PORT=${DEMO_AUTH_PORT:-8443}
readonly MTLS_PORT=${DEMO_MTLS_PORT:-8444}
readonly API_PORT=${DEMO_API_PORT:-9443}
readonly HEALTH_TIMEOUT=${DEMO_HEALTH_TIMEOUT:-180}
readonly ISSUER=https://localhost:$AUTH_PORT
readonly API=https://localhost:$API_PORT
readonly CERTS_DIR=certs/generated
readonly CA=$CERTS_DIR/ca.crt
# A bounded heap that starts small, the serial collector and smaller thread stacks: an idle authorization server's
# resident set fell from about 280 to 230 MB (measured, bench/README.md "Memory and start-up"); without a bound the
# JVM takes a quarter of the host's memory for the heap and uses much of it before collecting.
readonly SERVER_JVM_OPTIONS=${DEMO_JAVA_OPTS--XX:+UseSerialGC -Xms16m -Xmx192m -Xss512k}
# glibc keeps up to eight malloc arenas per core, one per thread that allocates at once; two are enough here.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

readonly CERTS_JAR=certs/target/certs.jar
readonly AUTH_JAR=auth-server/target/auth-server-exec.jar
readonly API_JAR=resource-api/target/resource-api-exec.jar
readonly CLIENT_JAR=demo-client/target/demo-client.jar
readonly JARS=("$CERTS_JAR" "$AUTH_JAR" "$API_JAR" "$CLIENT_JAR")
readonly SERVER_LOG_DIR=$LOG_DIR SERVER_PID_DIR=$STATE_DIR

if [[ -t 1 && -z ${NO_COLOR:-} && ${TERM:-dumb} != dumb ]]; then
    readonly BOLD=$'\e[1m' RED=$'\e[31m' GREEN=$'\e[32m' DIM=$'\e[2m' RESET=$'\e[0m'
else
    readonly BOLD='' RED='' GREEN='' DIM='' RESET=''
fi

say() { printf '%s==>%s %s\n' "$BOLD" "$RESET" "$*"; }
fail() { printf '%sdemo: %s%s\n' "$RED" "$*" "$RESET" >&2; exit 1; }

usage() {
    sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

require_java() {
    command -v java >/dev/null || fail "java is not on the PATH; install a JDK 17 or later"
    local version
    version=$(java -version 2>&1 | sed -nE '1s/.*version "([0-9]+)(\.[0-9]+)?.*/\1/p')
    if [[ -z $version || $version -lt 17 ]]; then
        fail "Java 17 or later is needed; 'java -version' says: $(java -version 2>&1 | head -1)"
    fi
}

# Runs "$@" in the background and shows a spinner with the elapsed time until it ends; returns its status.
with_progress() {
    local message=$1 log=$2
    shift 2
    "$@" >"$log" 2>&1 &
    local pid=$! start=$SECONDS frames='|/-\' i=0
    while kill -0 "$pid" 2>/dev/null; do
        if [[ -t 1 ]]; then
            printf '\r    %s %s (%ds)' "${frames:i++%4:1}" "$message" $((SECONDS - start))
        elif (( (SECONDS - start) % 15 == 0 )); then
            printf '    %s (%ds)\n' "$message" $((SECONDS - start))
        fi
        sleep 1
    done
    [[ -t 1 ]] && printf '\r\e[K'
    wait "$pid"
}

# The executable jars carry the reproducible-build timestamp instead of the time they were built, so a stamp file
# marks the last build that this script made.
readonly BUILD_STAMP=$STATE_DIR/build.stamp

needs_build() {
    local jar
    for jar in "${JARS[@]}"; do
        [[ -f $jar ]] || return 0
    done
    [[ -f $BUILD_STAMP ]] || return 0
    [[ -n $(find pom.xml ./*/pom.xml ./*/src/main -type f -newer "$BUILD_STAMP" -print -quit 2>/dev/null) ]]
}

build() {
    if ! needs_build; then
        return
    fi
    say "Building (./mvnw -B -q -DskipTests package; the first build downloads Maven and the dependencies)"
    with_progress "building" "$LOG_DIR/build.log" ./mvnw -B -q -DskipTests package \
        || { tail -n 30 "$LOG_DIR/build.log" >&2; fail "the build failed; the whole log is $LOG_DIR/build.log"; }
    local jar
    for jar in "${JARS[@]}"; do
        [[ -f $jar ]] || fail "the build did not produce $jar; see $LOG_DIR/build.log"
    done
    touch "$BUILD_STAMP"
}

generate_certificates() {
    local name
    for name in ca auth-server resource-api demo-pki-client demo-selfsigned-client; do
        if [[ ! -f $CERTS_DIR/$name.crt || ! -f $CERTS_DIR/$name.key ]]; then
            say "Generating the development PKI in $CERTS_DIR"
            java -jar "$CERTS_JAR" "$CERTS_DIR"
            return
        fi
    done
}

check_ports_free() {
    local entry port role busy=0
    for entry in "$AUTH_PORT:authorization server (DEMO_AUTH_PORT)" "$MTLS_PORT:mTLS endpoint aliases (DEMO_MTLS_PORT)" \
        "$API_PORT:resource API (DEMO_API_PORT)"; do
        port=${entry%%:*}
        role=${entry#*:}
        if port_in_use "$port"; then
            printf '%sdemo: port %s, needed by the %s, is already in use.%s\n' "$RED" "$port" "$role" "$RESET" >&2
            if command -v ss >/dev/null; then
                ss -ltnpH "sport = :$port" 2>/dev/null | sed 's/^/      /' >&2 || true
            fi
            busy=1
        fi
    done
    if ((busy)); then
        fail "stop what listens there (./demo.sh down if it is an earlier demo), or choose other ports, e.g. DEMO_AUTH_PORT=18443 DEMO_MTLS_PORT=18444 DEMO_API_PORT=19443 ./demo.sh"
    fi
}

start() {
    local name=$1 jar=$2
    shift 2
    # shellcheck disable=SC2086
    start_server "$name" nohup java $SERVER_JVM_OPTIONS -jar "$jar" "$@"
}

wait_until_both_healthy() {
    local start=$SECONDS auth=0 api=0 entry
    say "Waiting for the servers to report healthy (at most ${HEALTH_TIMEOUT}s)"
    while ((auth == 0 || api == 0)); do
        for entry in ${STARTED_SERVERS[@]+"${STARTED_SERVERS[@]}"}; do
            if ! kill -0 "${entry##*:}" 2>/dev/null; then
                [[ -t 1 ]] && printf '\n'
                tail -n 30 "$LOG_DIR/${entry%%:*}.log" >&2
                fail "${entry%%:*} stopped while starting; its log is $LOG_DIR/${entry%%:*}.log"
            fi
        done
        ((auth)) || ! actuator_healthy "$ISSUER" "$CA" || auth=$((SECONDS - start + 1))
        ((api)) || ! actuator_healthy "$API" "$CA" || api=$((SECONDS - start + 1))
        if ((SECONDS - start >= HEALTH_TIMEOUT)); then
            [[ -t 1 ]] && printf '\n'
            fail "the servers were not healthy after ${HEALTH_TIMEOUT}s; logs: $LOG_DIR/auth-server.log, $LOG_DIR/resource-api.log"
        fi
        if [[ -t 1 ]]; then
            printf '\r    auth-server %-9s resource-api %-9s (%ds)' "$(state "$auth")" "$(state "$api")" \
                $((SECONDS - start))
        elif (( (SECONDS - start) % 10 == 0 )); then
            printf '    auth-server %s, resource-api %s (%ds)\n' "$(state "$auth")" "$(state "$api")" \
                $((SECONDS - start))
        fi
        ((auth && api)) || sleep 1
    done
    [[ -t 1 ]] && printf '\n'
    printf '    %s✔%s auth-server healthy at %s, resource-api healthy at %s\n' "$GREEN" "$RESET" "$ISSUER" "$API"
}

state() {
    if (($1)); then echo "UP"; else echo "starting"; fi
}

running() {
    recorded_server_pid auth-server "$AUTH_JAR" >/dev/null && recorded_server_pid resource-api "$API_JAR" >/dev/null
}

start_servers() {
    check_ports_free
    say "Starting the authorization server and the resource API (logs in $LOG_DIR/)"
    start auth-server "$AUTH_JAR" --server.port="$AUTH_PORT" --authserver.issuer="$ISSUER" \
        --authserver.mtls.port="$MTLS_PORT"
    start resource-api "$API_JAR" --server.port="$API_PORT" --resourceapi.issuer-uri="$ISSUER"
    wait_until_both_healthy
}

prepare() {
    require_java
    mkdir -p "$LOG_DIR"
    build
    generate_certificates
}

print_environment() {
    cat <<EOF

  ${BOLD}Authorization server${RESET}  $ISSUER  (mTLS endpoint aliases on port $MTLS_PORT)
      discovery           $ISSUER/.well-known/openid-configuration
  ${BOLD}Resource API${RESET}          $API/api/whoami  (scope api.read)
  ${BOLD}CA certificate${RESET}        $CA  (curl --cacert $CA ...)

  ${BOLD}Seeded clients${RESET}
      demo-secret-client / demo-secret          client_secret_basic, client_secret_post; JWT access tokens
      demo-opaque-client / demo-opaque-secret   client_secret_basic; opaque (reference) access tokens
      demo-pki-client                           tls_client_auth with $CERTS_DIR/demo-pki-client.crt/.key
      demo-selfsigned-client                    self_signed_tls_client_auth with $CERTS_DIR/demo-selfsigned-client.crt/.key
      resource-api / resource-api-secret        introspection by the resource API

  Try:  java -jar $CLIENT_JAR --issuer $ISSUER --api $API
  Logs: $LOG_DIR/auth-server.log, $LOG_DIR/resource-api.log
  Stop: ./demo.sh down

EOF
}

command_up() {
    prepare
    if running; then
        say "The servers are already running"
    else
        stop_servers_on_exit
        start_servers
        keep_started_servers
    fi
    print_environment
}

command_down() {
    local auth_pid api_pid
    auth_pid=$(recorded_server_pid auth-server "$AUTH_JAR") || true
    api_pid=$(recorded_server_pid resource-api "$API_JAR") || true
    if [[ -z $auth_pid && -z $api_pid ]]; then
        say "No demo servers are running"
        return
    fi
    say "Stopping the demo servers"
    [[ -z $auth_pid ]] || stop_server auth-server "$auth_pid"
    [[ -z $api_pid ]] || stop_server resource-api "$api_pid"
}

command_run() {
    # Only the demo client writes to standard output (its --json report stays parseable); progress goes to stderr.
    exec 3>&1 1>&2
    prepare
    if running; then
        say "Using the servers that './demo.sh up' started"
    else
        stop_servers_on_exit
        start_servers
    fi
    say "Running the demo client"
    local status=0
    java -jar "$CLIENT_JAR" --issuer "$ISSUER" --api "$API" "$@" >&3 || status=$?
    if ((status != 0)); then
        printf '%sdemo: the demo client exited with status %s. Logs: %s/auth-server.log, %s/resource-api.log%s\n' \
            "$RED" "$status" "$LOG_DIR" "$LOG_DIR" "$RESET" >&2
    fi
    if ((${#STARTED_SERVERS[@]})); then
        say "Stopping the servers"
        stop_started_servers
    fi
    exit "$status"
}

case ${1:-} in
    up) command_up ;;
    down) command_down ;;
    -h | --help | help) usage ;;
    *) command_run "$@" ;;
esac
