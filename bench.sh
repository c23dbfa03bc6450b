#!/usr/bin/env bash
# Benchmarks the authorization server and the resource API on this machine with one command (see bench/README.md):
# builds when needed, starts both servers with the benchmark configuration on their own ports and a fresh database,
# measures start-up and idle memory, runs the load generator, writes bench/results/latest.md and stops the servers.
#
#   ./bench.sh                     the standard run, about 10 minutes
#   ./bench.sh --duration 60s      longer measured time per scenario (also --warm-up, --server-warm-up,
#                                  --concurrency, --scenarios)
#   ./bench.sh --soak [TOKENS]     the soak run: issue TOKENS tokens (1000000) and compare throughput at start and
#                                  end, with the authorizations table's size; writes bench/results/soak.md
#   ./bench.sh --profile           also record a JFR profile of the authorization server
#   ./bench.sh --no-build          use the jars as they are
#   ./bench.sh --no-cds            start the authorization server from its jar without the class data archive
#
# SERVER_JAVA_OPTS overrides the servers' JVM options (default below); BENCH_WORK the directory for logs and data.
set -euo pipefail
cd "$(dirname "$0")"

AUTH_PORT=18443
MTLS_PORT=18444
API_PORT=19443
API_UNBOUND_PORT=19444
# Measured on 2 cores (bench/README.md, "JVM options"): a heap that starts small and a smaller thread stack keep
# the idle resident set of the authorization server near 255 MB instead of 325 MB; the parallel collector stops
# the server for less time under load than the serial one, which leaves one of the two cores idle while it runs.
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS--XX:+UseParallelGC -Xms32m -Xmx256m -Xss512k}
IDLE_SECONDS=10

duration=20s
warm_up=10s
server_warm_up=120s
concurrency=16
scenarios=a,b,c,d,e-on,e-off,e-off,e-on,e-on,e-off,e-off,e-on
soak_tokens=
profile=false
build=true
cds=true
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warm-up) warm_up=$2; shift 2 ;;
    --server-warm-up) server_warm_up=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --soak)
      if [[ ${2:-} =~ ^[0-9]+$ ]]; then soak_tokens=$2; shift 2; else soak_tokens=1000000; shift; fi ;;
    --profile) profile=true; shift ;;
    --no-build) build=false; shift ;;
    --no-cds) cds=false; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see ./bench.sh --help)" >&2; exit 2 ;;
  esac
done

jars=(auth-server/target/auth-server-exec.jar resource-api/target/resource-api-exec.jar bench/target/bench.jar)
needs_build() {
  for jar in "${jars[@]}"; do
    [ -f "$jar" ] || return 0
    [ -z "$(find pom.xml certs certificate-binding auth-server/src auth-server/pom.xml resource-api/src \
      resource-api/pom.xml bench/src bench/pom.xml -newer "$jar" -type f -print -quit)" ] || return 0
  done
  return 1
}
if $build && needs_build; then
  echo "Building (./mvnw -B -q -Dmaven.test.skip=true package)..."
  # Tests are neither compiled nor run: a benchmark needs only the jars.
  ./mvnw -B -q -Dmaven.test.skip=true package -pl certs,certificate-binding,auth-server,resource-api,bench
fi

work=${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/mtls-authz-bench.XXXXXX")}
mkdir -p "$work"
echo "Logs and databases in $work"

pids=()
stop_servers() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap stop_servers EXIT INT TERM

now_ms() { date +%s%3N; }

# Waits until https://localhost:PORT/actuator/health answers UP; prints the milliseconds since START_MS.
wait_healthy() {
  local port=$1 start_ms=$2 pid=$3 name=$4
  for _ in $(seq 1 1200); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name exited during start-up; see $work/$name.log" >&2
      tail -20 "$work/$name.log" >&2
      exit 1
    fi
    if curl -skf "https://localhost:$port/actuator/health" 2>/dev/null | grep -q '"UP"'; then
      echo $(( $(now_ms) - start_ms ))
      return
    fi
    sleep 0.05
  done
  echo "$name did not become healthy in 60 s; see $work/$name.log" >&2
  exit 1
}

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

auth_jfr=()
if $profile; then
  auth_jfr=("-XX:StartFlightRecording=filename=$work/auth-server.jfr,settings=profile,dumponexit=true")
fi

auth_args=(--spring.config.additional-location=file:bench/config/auth-server.yml
  --server.port=$AUTH_PORT --authserver.issuer=https://localhost:$AUTH_PORT --authserver.mtls.port=$MTLS_PORT)
auth_jar=auth-server/target/auth-server-exec.jar
auth_cds=()
if $cds; then
  # Class data sharing (JEP 350): the classes loaded during one start-up are archived once per build and mapped,
  # already parsed and verified, at every later start. It needs the jar extracted (Spring Boot's jarmode=tools),
  # since the JVM cannot archive classes from jars nested in the executable jar.
  cds_dir=auth-server/target/cds
  if [ ! -f "$cds_dir/auth-server.jsa" ] || [ "$auth_jar" -nt "$cds_dir/auth-server.jsa" ]; then
    echo "Creating the class data archive of the authorization server (once per build)..."
    rm -rf "$cds_dir"
    java -Djarmode=tools -jar "$auth_jar" extract --destination "$cds_dir/app" >"$work/cds-extract.log" 2>&1
    # shellcheck disable=SC2086
    java $SERVER_JAVA_OPTS -XX:ArchiveClassesAtExit="$cds_dir/auth-server.jsa" -Dspring.context.exit=onRefresh \
      -jar "$cds_dir/app/auth-server-exec.jar" "${auth_args[@]}" \
      "--spring.datasource.url=jdbc:h2:file:$work/cds-training/auth-server;DB_CLOSE_ON_EXIT=FALSE" \
      >"$work/cds-training.log" 2>&1
  fi
  auth_jar=$cds_dir/app/auth-server-exec.jar
  auth_cds=(-XX:SharedArchiveFile="$cds_dir/auth-server.jsa" -Xlog:cds=off -Xlog:class+path=off)
fi

echo "Starting the authorization server on https://localhost:$AUTH_PORT (mTLS $MTLS_PORT)..."
auth_start=$(now_ms)
# shellcheck disable=SC2086
java $SERVER_JAVA_OPTS "${auth_cds[@]}" "${auth_jfr[@]}" -jar "$auth_jar" "${auth_args[@]}" \
  "--spring.datasource.url=jdbc:h2:file:$work/auth-server/auth-server;DB_CLOSE_ON_EXIT=FALSE" \
  >"$work/auth-server.log" 2>&1 &
auth_pid=$!
pids+=("$auth_pid")
auth_startup_ms=$(wait_healthy $AUTH_PORT "$auth_start" "$auth_pid" auth-server)
spring_started=$(grep -o 'Started AuthServerApplication in [0-9.]* seconds' "$work/auth-server.log" | grep -o '[0-9.]*' \
  || echo "?")
echo "Authorization server healthy after ${auth_startup_ms} ms (Spring: ${spring_started} s)"

start_api() {
  local name=$1 port=$2 binding=$3
  # shellcheck disable=SC2086
  java $SERVER_JAVA_OPTS -jar resource-api/target/resource-api-exec.jar \
    --server.port="$port" --resourceapi.issuer-uri=https://localhost:$AUTH_PORT \
    --mtls-authz.resource-server.enabled="$binding" \
    "--spring.datasource.url=jdbc:h2:file:$work/$name/resource-api" >"$work/$name.log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
}
if [ -z "$soak_tokens" ]; then
  echo "Starting the resource API on $API_PORT (binding check on) and $API_UNBOUND_PORT (off)..."
  api_start=$(now_ms)
  start_api resource-api $API_PORT true
  api_pid=$started_pid
  start_api resource-api-unbound $API_UNBOUND_PORT false
  unbound_pid=$started_pid
  api_startup_ms=$(wait_healthy $API_PORT "$api_start" "$api_pid" resource-api)
  wait_healthy $API_UNBOUND_PORT "$api_start" "$unbound_pid" resource-api-unbound >/dev/null
  echo "Resource APIs healthy after ${api_startup_ms} ms (both started together)"
fi

sleep "$IDLE_SECONDS"
idle_rss=$(rss_mb "$auth_pid")
echo "Authorization server idle RSS: ${idle_rss} MB"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
bench_args=(--issuer "https://localhost:$AUTH_PORT" --resource "https://localhost:$API_PORT/api/whoami"
  --unbound-resource "https://localhost:$API_UNBOUND_PORT/api/whoami" --concurrency "$concurrency"
  --warm-up "$warm_up" --duration "$duration" --output "$work/results.md" --server-warm-up "$server_warm_up")
if [ -n "$soak_tokens" ]; then
  bench_args+=(--scenarios soak --soak-tokens "$soak_tokens")
  results=bench/results/soak.md
else
  bench_args+=(--scenarios "$scenarios")
  results=bench/results/latest.md
fi
bench_start=$(now_ms)
java -jar bench/target/bench.jar "${bench_args[@]}" | tee "$work/bench.out" >/dev/null
bench_seconds=$(( ($(now_ms) - bench_start) / 1000 ))
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
loaded_rss=$(rss_mb "$auth_pid")

cpu_model=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
memory_gib=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
java_version=$(java -version 2>&1 | sed -n '2p')
{
  echo "# Benchmark results"
  echo
  echo "Written by \`./bench.sh$( [ -n "$soak_tokens" ] && echo " --soak $soak_tokens")\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "- Machine: $(nproc) cores ($cpu_model), $memory_gib GiB; load generator and servers share it."
  echo "- JVM: $java_version"
  echo "- Server JVM options: \`$SERVER_JAVA_OPTS\`; authorization server started $($cds && echo "from its extracted jar with a class data archive" || echo "from its executable jar")"
  echo "- Load average (1, 5, 15 min) before the run: $load_before; after: $load_after"
  echo "- Scenario timing: the servers warmed up for $server_warm_up (all scenarios in turn), then each scenario warmed up for $warm_up and measured for $duration, $concurrency virtual clients; whole run ${bench_seconds} s"
  echo
  echo "## Authorization server start-up and memory"
  echo
  echo "| Start-up (launch to healthy) | Spring's \"Started in\" | Idle RSS (after ${IDLE_SECONDS} s idle) | RSS after the run |"
  echo "|---:|---:|---:|---:|"
  echo "| ${auth_startup_ms} ms | ${spring_started} s | ${idle_rss} MB | ${loaded_rss} MB |"
  echo
  echo "## Throughput and latency"
  echo
  cat "$work/results.md"
  if [ -n "$soak_tokens" ]; then
    rows=$(grep -o '[0-9]* remain' "$work/auth-server.log" | grep -o '[0-9]*' || true)
    if [ -n "$rows" ]; then
      echo "Rows in oauth2_authorization after each purge: at most $(echo "$rows" | sort -n | tail -1)," \
        "$(echo "$rows" | tail -1) after the last one ($(echo "$rows" | wc -l) purges)."
    fi
  fi
} >"$results"
cat "$results"
echo
echo "Written to $results"
if $profile; then
  stop_servers
  pids=()
  echo "JFR recording: $work/auth-server.jfr (jfr print --events jdk.ExecutionSample $work/auth-server.jfr)"
fi
