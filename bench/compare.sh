# ./bench.sh --compare NAME: this repository's authorization server and the server of bench/servers/NAME/ side by side
# (bench/README.md, "Side by side"). Sourced by bench.sh once the jars are built, with its load options (duration,
# warm_up, server_warm_up, concurrency, scenarios, rounds), work, CA, IDLE_SECONDS and scripts/servers.sh.

# Keycloak needs Java 21 or later; both servers and the load generator run on this one JDK.
COMPARE_JAVA_HOME=${COMPARE_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# The client certificate of every virtual client at every server: CA-issued, since a server that checks client
# certificates against a trust store (Keycloak) would refuse a self-signed one in the TLS handshake.
COMPARE_CERT=certs/generated/demo-pki-client.crt
COMPARE_KEY=certs/generated/demo-pki-client.key

# compare_servers NAME...: fetches, configures and starts every server, waits while they idle, runs
# "bench.jar compare" against all of them, writes bench/results/compare-OTHER.md and stops them.
compare_servers() {
  local name prefix other=${*: -1} results
  use_compare_jdk
  if [[ ! -f $COMPARE_CERT ]]; then
    java -jar certs/target/certs.jar certs/generated
  fi
  for name in "$@"; do
    if [[ ! -f bench/servers/$name/adapter.sh ]]; then
      echo "There is no adapter for $name: bench/servers/$name/adapter.sh (see bench/servers/README.md)" >&2
      exit 2
    fi
    # shellcheck source=/dev/null
    source "bench/servers/$name/adapter.sh"
  done
  for name in "$@"; do
    prefix=${name//-/_}
    "${prefix}_fetch" || exit 1
    "${prefix}_configure" "$work/$name" || exit 1
  done
  local port busy=0
  for name in "$@"; do
    for port in $("${name//-/_}_ports"); do
      if port_in_use "$port"; then
        echo "Port $port, which $name needs, is in use: $(ss -ltnpH "sport = :$port" 2>/dev/null)" >&2
        busy=1
      fi
    done
  done
  ((busy == 0)) || exit 1
  for name in "$@"; do
    prefix=${name//-/_}
    "${prefix}_start" > >(tee -a "$work/startup.txt") || exit 1
  done
  sleep "$IDLE_SECONDS"

  local args=(compare --cert "$COMPARE_CERT" --key "$COMPARE_KEY" --trust-store "$CA" --concurrency "$concurrency"
    --warm-up "$warm_up" --duration "$duration" --server-warm-up "$server_warm_up" --rounds "$rounds"
    --output "$work/compare.md")
  if [[ -n $scenarios ]]; then
    args+=(--scenarios "$scenarios")
  fi
  local id secret scope
  for name in "$@"; do
    prefix=${name//-/_}
    read -r id secret scope <<<"$("${prefix}_client")"
    args+=(--server "$name" --issuer "$("${prefix}_issuer" RS256)" --es256-issuer "$("${prefix}_issuer" ES256)"
      --client-id "$id" --client-secret "$secret" --scope "$scope" --pid "$("${prefix}_pid" RS256)"
      --es256-pid "$("${prefix}_pid" ES256)")
  done
  local load_before load_after bench_start
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  bench_start=$(now_ms)
  java -jar bench/target/bench.jar "${args[@]}" >"$work/compare.out"
  load_after=$(cut -d' ' -f1-3 /proc/loadavg)

  results=bench/results/compare-$other.md
  {
    echo "# ${1} and ${other} side by side"
    echo
    echo "Written by \`./bench.sh --compare $other\` on $(date -u '+%Y-%m-%d %H:%M UTC'); whole run" \
      "$(( ($(now_ms) - bench_start) / 1000 )) s after the servers had started."
    echo
    echo "- Machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo))," \
      "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo) GiB, shared by the load generator and" \
      "every server, and by whatever else runs on it: compare runs only at similar load."
    echo "- Load average (1, 5, 15 min) before the run: $load_before; after: $load_after"
    echo "- JVM of every server and of the load generator: $(java -version 2>&1 | sed -n '2p')"
    for name in "$@"; do
      echo "- $name: $("${name//-/_}_describe")"
    done
    sed 's/^/- /' "$work/startup.txt"
    echo "- Virtual clients: $concurrency, each with its own TLS session cache, all presenting $COMPARE_CERT" \
      "(issued by the development CA) with client_secret_basic"
    echo
    cat "$work/compare.md"
  } >"$results"
  cat "$results"
  echo
  echo "Written to $results"
  local names=("$@") i
  for ((i = ${#names[@]} - 1; i >= 0; i--)); do
    name=${names[i]}
    "${name//-/_}_stop"
  done
}

use_compare_jdk() {
  local major
  if [[ ! -x $COMPARE_JAVA_HOME/bin/java ]]; then
    echo "No JDK at $COMPARE_JAVA_HOME: set COMPARE_JAVA_HOME to a JDK 21 or later (Keycloak needs one)" >&2
    exit 2
  fi
  major=$("$COMPARE_JAVA_HOME/bin/java" -version 2>&1 | sed -nE '1s/.*version "([0-9]+).*/\1/p')
  if [[ -z $major || $major -lt 21 ]]; then
    echo "$COMPARE_JAVA_HOME is Java ${major:-?}; the comparison needs 21 or later (Keycloak does)" >&2
    exit 2
  fi
  export JAVA_HOME=$COMPARE_JAVA_HOME
  export PATH=$COMPARE_JAVA_HOME/bin:$PATH
  echo "Every server and the load generator run on $(java -version 2>&1 | head -1) ($JAVA_HOME)"
}
