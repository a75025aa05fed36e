#!/usr/bin/env bash
# A real three-node Elasticsearch cluster on loopback for the cluster tests, without Docker: the
# same integ-test zip and system user as es-test-server.sh, three nodes (each master-eligible and
# data) with their own data and logs under target/es-cluster.
#
#   bash deploy/test-services/es-test-cluster.sh start      # prints ES_CLUSTER_URLS=... once the cluster is green
#   bash deploy/test-services/es-test-cluster.sh stop
#   bash deploy/test-services/es-test-cluster.sh kill N     # SIGKILL node N (1-3), as a crash; its data stays
#   bash deploy/test-services/es-test-cluster.sh resume N   # start node N again on its data
#
# Run as root from the repository root. HTTP on $ES_CLUSTER_PORT, +1, +2 (default 19210-19212),
# transport on +100.
set -euo pipefail
ES_VERSION="${ES_VERSION:-8.19.21}"
ES_CLUSTER_PORT="${ES_CLUSTER_PORT:-19210}"
ES_JAVA_HOME="${ES_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
ES_USER="${ES_USER:-esuser}"
ES_BASE="$PWD/target/es"
BASE="$PWD/target/es-cluster"
# a copy of the single node's installation: its processes are then told apart by their home
ES_HOME="$BASE/elasticsearch-$ES_VERSION"
NODES=(1 2 3)

http_port() { echo $((ES_CLUSTER_PORT + $1 - 1)); }
transport_port() { echo $((ES_CLUSTER_PORT + 100 + $1 - 1)); }
urls() { local s=""; for n in "${NODES[@]}"; do s="${s:+$s,}http://127.0.0.1:$(http_port "$n")"; done; echo "$s"; }
seeds() { local s=""; for n in "${NODES[@]}"; do s="${s:+$s,}127.0.0.1:$(transport_port "$n")"; done; echo "$s"; }
masters() { local s=""; for n in "${NODES[@]}"; do s="${s:+$s,}node-$n"; done; echo "$s"; }

launch() {
  local n=$1 dir="$BASE/node-$1"
  mkdir -p "$dir/data" "$dir/logs" "$dir/tmp"
  chown -R "$ES_USER:$ES_USER" "$dir"
  runuser -u "$ES_USER" -- env -i PATH=/usr/bin:/bin HOME="$dir" ES_JAVA_HOME="$ES_JAVA_HOME" \
    ES_JAVA_OPTS="-Xms${ES_HEAP:-384m} -Xmx${ES_HEAP:-384m}" ES_TMPDIR="$dir/tmp" \
    "$ES_HOME/bin/elasticsearch" -d -p "$dir/es.pid" \
      -Ecluster.name=soctinh-test -Enode.name="node-$n" -Epath.data="$dir/data" -Epath.logs="$dir/logs" \
      -Enetwork.host=127.0.0.1 -Ehttp.port="$(http_port "$n")" -Etransport.port="$(transport_port "$n")" \
      -Ediscovery.seed_hosts="$(seeds)" -Ecluster.initial_master_nodes="$(masters)" -Expack.security.enabled=false \
      -Ecluster.routing.allocation.disk.threshold_enabled=false -Eaction.destructive_requires_name=false \
      > "$dir/startup.log" 2>&1 || { tail -30 "$dir/startup.log" >&2; return 1; }
}

health() { curl -fsS -m 5 "http://127.0.0.1:$(http_port "$1")/_cluster/health?wait_for_status=${2:-yellow}&timeout=1s" 2>/dev/null; }

stop_node() {
  local n=$1 signal=${2:-TERM} pidf="$BASE/node-$1/es.pid" pid
  [ -f "$pidf" ] || return 0
  pid=$(cat "$pidf")
  kill -"$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidf"
  if curl -fsS -m 1 "http://127.0.0.1:$(http_port "$n")/" >/dev/null 2>&1; then echo "es-test-cluster: node $n still answers" >&2; return 1; fi
}

case "${1:-}" in
start)
  for n in "${NODES[@]}"; do stop_node "$n"; done
  rm -rf "$BASE"
  mkdir -p "$ES_BASE" "$BASE"
  if [ ! -f "$ES_BASE/elasticsearch-$ES_VERSION.zip" ]; then
    mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" -DoutputDirectory="$ES_BASE"
  fi
  unzip -q -o "$ES_BASE/elasticsearch-$ES_VERSION.zip" -d "$BASE"
  id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  chown -R "$ES_USER:$ES_USER" "$ES_HOME"
  began=$(date +%s)
  for n in "${NODES[@]}"; do launch "$n"; done
  ok=""
  for _ in $(seq 1 240); do
    if health 1 green | grep -q '"number_of_nodes":3'; then ok=1; break; fi
    sleep 0.5
  done
  [ -n "$ok" ] || { echo "es-test-cluster: the three nodes did not form a green cluster" >&2; tail -20 "$BASE"/node-*/logs/*.log >&2 || true; exit 1; }
  echo "es-test-cluster: 3 nodes green in $(( $(date +%s) - began )) s"
  echo "ES_CLUSTER_URLS=$(urls)"
  ;;
stop) for n in "${NODES[@]}"; do stop_node "$n"; done; echo "es-test-cluster: stopped" ;;
kill) n=${2:?usage: $0 kill N}; stop_node "$n" KILL; echo "es-test-cluster: killed node $n" ;;
resume)
  n=${2:?usage: $0 resume N}
  launch "$n"
  for _ in $(seq 1 240); do health "$n" >/dev/null && break; sleep 0.5; done
  health "$n" >/dev/null || { echo "es-test-cluster: node $n did not come back" >&2; exit 1; }
  echo "es-test-cluster: node $n up again"
  ;;
urls) urls ;;
*) echo "usage: $0 start|stop|kill N|resume N|urls" >&2; exit 2 ;;
esac
