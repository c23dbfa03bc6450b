#!/usr/bin/env bash
# Linux only: the servers' memory, the machine's load and its CPU are read from /proc (demo.sh runs anywhere).
#
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
#   ./bench.sh --cluster           then also token issuance (scenarios a, c) on PostgreSQL: one instance, and two
#                                  instances behind a local HAProxy passing TLS through (needs PostgreSQL on
#                                  127.0.0.1:5432 with trust auth, and haproxy); about 6 more minutes
#   ./bench.sh --cluster-warm-up 30s   the server warm-up of each of those two runs
#   ./bench.sh --compare keycloak  this server and Keycloak side by side on one JDK (COMPARE_JAVA_HOME, Java 21+):
#                                  token issuance in alternating rounds after a warm-up of both (also --rounds N);
#                                  downloads Keycloak once; writes bench/results/compare-keycloak.md
#
# SERVER_JAVA_OPTS overrides the servers' JVM options (default below); BENCH_WORK the directory for logs and data.
# Ctrl-C stops the servers this run started and ends it.
set -euo pipefail
cd "$(dirname "$0")"
if [[ $(uname -s) != Linux ]]; then
  echo "bench.sh runs on Linux only: it reads the servers' memory and the machine's load from /proc," \
    "which $(uname -s) does not have. ./demo.sh and java -jar bench/target/bench.jar run anywhere." >&2
  exit 1
fi
# start_server, stop_servers_on_exit, wait_healthy, actuator_healthy: shared with demo.sh.
source scripts/servers.sh

AUTH_PORT=18443
MTLS_PORT=18444
API_PORT=19443
API_UNBOUND_PORT=19444
# Measured on 2 cores (bench/README.md, "JVM options"): a heap that starts small and a smaller thread stack keep
# the idle resident set of the authorization server near 255 MB instead of 325 MB; the parallel collector stops
# the server for less time under load than the serial one, which leaves one of the two cores idle while it runs.
# 192 MB of heap instead of 256 and two malloc arenas instead of glibc's eight per core: after 90 s of scenario (a) the
# resident set was 322 MB instead of 368 MB (bench/README.md, "Memory and start-up").
SERVER_JAVA_OPTS=${SERVER_JAVA_OPTS--XX:+UseParallelGC -Xms16m -Xmx192m -Xss512k}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# --cluster: the PostgreSQL server (a database of its own is created and dropped) and the instances' own ports; the
# load balancer listens on AUTH_PORT and MTLS_PORT, so the issuer is the same as in the standard run.
BENCH_POSTGRES=${BENCH_POSTGRES:-127.0.0.1:5432}
CLUSTER_PORTS=(18453 18454 18463 18464)
IDLE_SECONDS=10

duration=20s
warm_up=10s
# The standard run's default below; --compare has its own.
server_warm_up=
concurrency=16
scenarios=
rounds=3
compare=
soak_tokens=
profile=false
build=true
cds=true
cluster=false
cluster_warm_up=30s
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --warm-up) warm_up=$2; shift 2 ;;
    --server-warm-up) server_warm_up=$2; shift 2 ;;
    --concurrency) concurrency=$2; shift 2 ;;
    --scenarios) scenarios=$2; shift 2 ;;
    --compare) compare=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --soak)
      if [[ ${2:-} =~ ^[0-9]+$ ]]; then soak_tokens=$2; shift 2; else soak_tokens=1000000; shift; fi ;;
    --profile) profile=true; shift ;;
    --no-build) build=false; shift ;;
    --no-cds) cds=false; shift ;;
    --cluster) cluster=true; shift ;;
    --cluster-warm-up) cluster_warm_up=$2; shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see ./bench.sh --help)" >&2; exit 2 ;;
  esac
done

jars=(auth-server/target/auth-server-exec.jar resource-api/target/resource-api-exec.jar bench/target/bench.jar)
# The executable jars carry the reproducible-build timestamp instead of the time they were built, so a stamp file
# marks the last build that this script made.
build_stamp=bench/target/bench-sh-build.stamp
needs_build() {
  for jar in "${jars[@]}"; do
    [ -f "$jar" ] || return 0
  done
  [ -f "$build_stamp" ] || return 0
  [ -n "$(find pom.xml certs/pom.xml certs/src certificate-binding/pom.xml certificate-binding/src auth-server/src \
    auth-server/pom.xml resource-api/src resource-api/pom.xml bench/src bench/pom.xml -newer "$build_stamp" -type f \
    -print -quit)" ]
}
if $build && needs_build; then
  echo "Building (./mvnw -B -q -DskipTests package)..."
  # Tests are not run: a benchmark needs only the jars. They are still compiled, as the modules' shared test fixtures
  # (the certs test-jar) must exist for the others to resolve (-Dmaven.test.skip=true fails there).
  ./mvnw -B -q -DskipTests package -pl certs,certificate-binding,auth-server,resource-api,bench
  touch "$build_stamp"
fi

work=${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/mtls-authz-bench.XXXXXX")}
mkdir -p "$work"
echo "Logs and databases in $work"
SERVER_LOG_DIR=$work
stop_servers_on_exit

CA=certs/generated/ca.crt
# As demo.sh: a start takes 5 s on a quiet machine and over a minute on a busy one.
STARTUP_TIMEOUT=180

now_ms() { date +%s%3N; }

if [[ -n $compare ]]; then
  # 120 s per scenario and server: measured with the JIT's counters (bench/README.md, "Side by side"), by then both
  # servers have compiled what the load needs.
  server_warm_up=${server_warm_up:-360s}
  source bench/compare.sh
  compare_servers mtls-authz "$compare"
  exit 0
fi
server_warm_up=${server_warm_up:-120s}
scenarios=${scenarios:-a,b,c,d,e-on,e-off,e-off,e-on,e-on,e-off,e-off,e-on}

# healthy_after NAME PID PORT START_MS: waits until the server on PORT is healthy; prints the milliseconds since
# START_MS.
healthy_after() {
  wait_healthy "$1" "$2" "$STARTUP_TIMEOUT" actuator_healthy "https://localhost:$3" "$CA" || exit 1
  echo $(( $(now_ms) - $4 ))
}

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# The authorization server's adapter, shared with --compare: its class data archive and how an instance starts.
source bench/servers/mtls-authz/adapter.sh
if $profile; then
  MTLS_AUTHZ_JVM_OPTIONS=("-XX:StartFlightRecording=filename=$work/auth-server.jfr,settings=profile,dumponexit=true")
fi
mtls_authz_configure "$work"

echo "Starting the authorization server on https://localhost:$AUTH_PORT (mTLS $MTLS_PORT)..."
mtls_authz_start_instance auth-server $AUTH_PORT $MTLS_PORT || exit 1
auth_pid=$MTLS_AUTHZ_PID
auth_startup_ms=$MTLS_AUTHZ_STARTUP_MS
spring_started=$(grep -o 'Started AuthServerApplication in [0-9.]* seconds' "$work/auth-server.log" | grep -o '[0-9.]*' \
  || echo "?")
echo "Authorization server healthy after ${auth_startup_ms} ms (Spring: ${spring_started} s)"

start_api() {
  local name=$1 port=$2 binding=$3
  # shellcheck disable=SC2086
  start_server "$name" java $SERVER_JAVA_OPTS -jar resource-api/target/resource-api-exec.jar \
    --server.port="$port" --resourceapi.issuer-uri=https://localhost:$AUTH_PORT \
    --mtls-authz.resource-server.enabled="$binding" \
    "--spring.datasource.url=jdbc:h2:file:$work/$name/resource-api"
}
if [ -z "$soak_tokens" ]; then
  echo "Starting the resource API on $API_PORT (binding check on) and $API_UNBOUND_PORT (off)..."
  api_start=$(now_ms)
  start_api resource-api $API_PORT true
  api_pid=$SERVER_PID
  start_api resource-api-unbound $API_UNBOUND_PORT false
  unbound_pid=$SERVER_PID
  api_startup_ms=$(healthy_after resource-api "$api_pid" $API_PORT "$api_start")
  healthy_after resource-api-unbound "$unbound_pid" $API_UNBOUND_PORT "$api_start" >/dev/null
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
  echo "- Authorization server's database: H2 file, \`$MTLS_AUTHZ_H2_SETTINGS\` ($([[ $MTLS_AUTHZ_H2_SETTINGS == *WRITE_DELAY=0* ]] && echo "durable: each commit written before the response" || echo "H2's default write delay: the last commits are lost on kill -9"))"
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

# One and two authorization server instances on one PostgreSQL database: token issuance only (scenarios a and c need
# no resource API), each run on a database of its own.
if $cluster; then
  if ! command -v haproxy >/dev/null || ! command -v psql >/dev/null; then
    echo "--cluster needs haproxy and psql (apt-get install haproxy postgresql-client)" >&2
    exit 2
  fi
  stop_started_servers
  pg_host=${BENCH_POSTGRES%:*}
  pg_port=${BENCH_POSTGRES#*:}
  psql_admin() { psql -q -h "$pg_host" -p "$pg_port" -U postgres -d postgres -c "$1" >/dev/null; }
  # Starts an instance on PostgreSQL database $1 with ports $2 (issuer connector) and $3 (mTLS), and waits until it is
  # healthy; the issuer and the aliases stay the load balancer's (AUTH_PORT, MTLS_PORT) whichever instance answers.
  start_instance() {
    local database=$1 port=$2 mtls_port=$3 name=$4
    # shellcheck disable=SC2086
    start_server "$name" java $SERVER_JAVA_OPTS "${MTLS_AUTHZ_LAUNCH[@]}" \
      --spring.config.additional-location=file:bench/config/auth-server.yml \
      --server.port="$port" --authserver.mtls.port="$mtls_port" --authserver.issuer=https://localhost:$AUTH_PORT \
      --authserver.mtls.base-url=https://localhost:$MTLS_PORT \
      "--spring.datasource.url=jdbc:postgresql://$BENCH_POSTGRES/$database" --spring.datasource.username=postgres \
      --spring.datasource.password=
    wait_healthy "$name" "$SERVER_PID" "$STARTUP_TIMEOUT" actuator_healthy "https://localhost:$port" "$CA" || exit 1
  }
  run_postgresql() {
    local instances=$1 database="mtlsauthz_bench_$$_$1"
    psql_admin "DROP DATABASE IF EXISTS $database"
    psql_admin "CREATE DATABASE $database"
    local backends=()
    for i in $(seq 1 "$instances"); do
      local port=${CLUSTER_PORTS[$(( (i - 1) * 2 ))]} mtls_port=${CLUSTER_PORTS[$(( (i - 1) * 2 + 1 ))]}
      start_instance "$database" "$port" "$mtls_port" "postgresql-$instances-$i"
      backends+=("$port:$mtls_port")
    done
    # TCP mode, as cluster/haproxy.cfg: every instance terminates TLS itself and sees the client's certificate.
    {
      printf 'defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 75s\n  timeout server 75s\n'
      printf 'frontend issuer\n  bind 127.0.0.1:%s\n  default_backend issuer\n' "$AUTH_PORT"
      printf 'frontend mtls\n  bind 127.0.0.1:%s\n  default_backend mtls\n' "$MTLS_PORT"
      printf 'backend issuer\n  balance roundrobin\n'
      for backend in "${backends[@]}"; do printf '  server i%s 127.0.0.1:%s\n' "${backend%:*}" "${backend%:*}"; done
      printf 'backend mtls\n  balance roundrobin\n'
      for backend in "${backends[@]}"; do printf '  server m%s 127.0.0.1:%s\n' "${backend#*:}" "${backend#*:}"; done
    } >"$work/haproxy-$instances.cfg"
    start_server "haproxy-$instances" haproxy -f "$work/haproxy-$instances.cfg" -db
    wait_healthy "haproxy-$instances" "$SERVER_PID" "$STARTUP_TIMEOUT" actuator_healthy "https://localhost:$AUTH_PORT" \
      "$CA" || exit 1
    echo "Token issuance on PostgreSQL, $instances instance(s)..."
    java -jar bench/target/bench.jar --issuer "https://localhost:$AUTH_PORT" --concurrency "$concurrency" \
      --warm-up "$warm_up" --duration "$duration" --server-warm-up "$cluster_warm_up" --scenarios a,c \
      --output "$work/postgresql-$instances.md" >"$work/bench-postgresql-$instances.out"
    stop_started_servers
    psql_admin "DROP DATABASE IF EXISTS $database"
  }
  run_postgresql 1
  run_postgresql 2
  {
    echo
    echo "## Token issuance on PostgreSQL: one instance, and two behind a load balancer"
    echo
    echo "Scenarios a and c against PostgreSQL $(psql -h "$pg_host" -p "$pg_port" -U postgres -d postgres -Atc 'SHOW server_version' 2>/dev/null) on this"
    echo "machine, after a $cluster_warm_up server warm-up; the load balancer is HAProxy in TCP mode (TLS passed"
    echo "through), which spreads the virtual clients' keep-alive connections over the instances. Both instances, the"
    echo "database, HAProxy and the load generator share the same cores, so a second instance adds no CPU: the figures"
    echo "show what the cluster's shared state costs, not how it scales."
    echo
    echo "### One instance"
    echo
    cat "$work/postgresql-1.md"
    echo
    echo "### Two instances"
    echo
    cat "$work/postgresql-2.md"
  } >>"$results"
fi
cat "$results"
echo
echo "Written to $results"
if $profile; then
  stop_started_servers
  echo "JFR recording: $work/auth-server.jfr (jfr print --events jdk.ExecutionSample $work/auth-server.jfr)"
fi
