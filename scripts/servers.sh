# Starting, stopping and health-checking the servers that demo.sh and bench.sh run. Sourced, not executed:
#
#   source scripts/servers.sh
#   SERVER_LOG_DIR=logs                   where each server's output goes (NAME.log); required
#   SERVER_PID_DIR=.demo                  where each server's PID is kept (NAME.pid) for a later run; optional
#   stop_servers_on_exit                  Ctrl-C, TERM and any exit stop the servers this run started
#   start_server NAME COMMAND...          in the background; its PID in SERVER_PID
#   wait_healthy NAME PID SECONDS CHECK...
#
# Works with the bash 3.2 of macOS as well as with Linux's.

# The servers this run started, as NAME:PID.
STARTED_SERVERS=()

# start_server NAME COMMAND...: runs COMMAND in the background, its output in $SERVER_LOG_DIR/NAME.log, and sets
# SERVER_PID. Its PID is known to be ours from now on, even in the instant before "java" replaces the forked shell.
start_server() {
    local name=$1
    shift
    "$@" >"$SERVER_LOG_DIR/$name.log" 2>&1 &
    SERVER_PID=$!
    STARTED_SERVERS+=("$name:$SERVER_PID")
    if [[ -n ${SERVER_PID_DIR:-} ]]; then
        echo "$SERVER_PID" >"$SERVER_PID_DIR/$name.pid"
    fi
}

# stop_server NAME PID: asks the server to stop (TERM: Spring Boot and Quarkus shut down gracefully), waits up to
# 30 s, then kills it.
stop_server() {
    local name=$1 pid=$2 _
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null || true
    fi
    if [[ -n ${SERVER_PID_DIR:-} ]]; then
        rm -f "$SERVER_PID_DIR/$name.pid"
    fi
    printf '    stopped %s (pid %s)\n' "$name" "$pid" >&2
}

# stop_started_servers: stops every server this run started, newest first.
stop_started_servers() {
    local i entry
    for ((i = ${#STARTED_SERVERS[@]} - 1; i >= 0; i--)); do
        entry=${STARTED_SERVERS[i]}
        stop_server "${entry%%:*}" "${entry##*:}"
    done
    STARTED_SERVERS=()
}

# stop_started_server NAME: stops the server of that name that this run started, if it runs.
stop_started_server() {
    local entry kept=()
    for entry in ${STARTED_SERVERS[@]+"${STARTED_SERVERS[@]}"}; do
        if [[ ${entry%%:*} == "$1" ]]; then
            stop_server "$1" "${entry##*:}"
        else
            kept+=("$entry")
        fi
    done
    STARTED_SERVERS=(${kept[@]+"${kept[@]}"})
}

# stop_servers_on_exit: whatever ends the script (its end, an error under set -e, Ctrl-C, TERM) stops the servers it
# started. INT and TERM end the script with 130 and 143 instead of returning to the command that was interrupted: a
# benchmark must not go on against servers that are gone.
stop_servers_on_exit() {
    trap stop_started_servers EXIT
    trap 'printf "\n" >&2; exit 130' INT
    trap 'exit 143' TERM
}

# keep_started_servers: the servers stay up after the script ends ("./demo.sh up").
keep_started_servers() {
    STARTED_SERVERS=()
    trap - EXIT INT TERM
}

# recorded_server_pid NAME PATTERN: the PID in $SERVER_PID_DIR/NAME.pid if that process still runs and its command
# line contains PATTERN (a PID from a file can have been reused by an unrelated process); else removes the file.
recorded_server_pid() {
    local file=$SERVER_PID_DIR/$1.pid pid
    [[ -f $file ]] || return 1
    pid=$(<"$file")
    if kill -0 "$pid" 2>/dev/null && command_line "$pid" | grep -q -- "$2"; then
        echo "$pid"
    else
        rm -f "$file"
        return 1
    fi
}

# command_line PID: /proc where there is one (minimal images lack ps), ps elsewhere (macOS).
command_line() {
    if [[ -r /proc/$1/cmdline ]]; then
        tr '\0' ' ' <"/proc/$1/cmdline"
    else
        ps -p "$1" -o args= 2>/dev/null
    fi
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# actuator_healthy BASE_URL CA_FILE: Spring Boot's health endpoint answers UP over TLS that chains to CA_FILE.
actuator_healthy() {
    if command -v curl >/dev/null; then
        curl -fsS --max-time 5 --cacert "$2" "$1/actuator/health" 2>/dev/null | grep -q '"UP"'
    else
        # Without curl: Spring Boot opens its HTTPS port only once the application is ready.
        local port=${1##*:}
        port_in_use "${port%%/*}"
    fi
}

# wait_healthy NAME PID SECONDS CHECK...: returns once CHECK succeeds; fails with the end of the server's log when
# its process ends first, or after SECONDS.
wait_healthy() {
    local name=$1 pid=$2 timeout=$3
    local deadline=$((SECONDS + timeout))
    shift 3
    until "$@"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            printf '%s stopped while starting; the end of %s:\n' "$name" "$SERVER_LOG_DIR/$name.log" >&2
            tail -n 30 "$SERVER_LOG_DIR/$name.log" >&2
            return 1
        fi
        if ((SECONDS >= deadline)); then
            printf '%s was not healthy after %ss; its log is %s\n' "$name" "$timeout" "$SERVER_LOG_DIR/$name.log" >&2
            return 1
        fi
        sleep 0.05
    done
}
