#!/usr/bin/env bash
# A real single-node Elasticsearch for the store's contract tests, without Docker
# (see ../../docs/design/storage.md and the project's STACK notes).
#
#   bash deploy/test-services/es-test-server.sh start   # prints ES_URL=... once the node answers
#   bash deploy/test-services/es-test-server.sh stop
#
# Run as root from the repository root. The integ-test zip comes from Maven Central; ES refuses to
# run as root, so it runs as the system user $ES_USER (created if missing). Everything lives under
# target/es, so `mvn clean` or a fresh clone starts over.
set -euo pipefail
ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT="${ES_PORT:-19200}"
ES_JAVA_HOME="${ES_JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
ES_USER="${ES_USER:-esuser}"
# heap of the node: 512m for the tests, more for benchmarks (ES_HEAP=2g)
ES_BASE="$PWD/target/es"
ES_HOME="$ES_BASE/elasticsearch-$ES_VERSION"
health="http://127.0.0.1:$ES_PORT/_cluster/health"

stop() {
  local pidf="$ES_HOME/es.pid"
  [ -f "$pidf" ] || { echo "es-test-server: not running"; return 0; }
  local pid
  pid=$(cat "$pidf")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" || true
  rm -f "$pidf"
  echo "es-test-server: stopped pid $pid"
}

launch() {
  began=$(date +%s)
  # -d: the launcher returns once the node started (or failed); -p writes the pid.
  # Bound to 127.0.0.1 with single-node discovery, the bootstrap checks only warn. The clock is read
  # without its 200 ms cache so that a search can be timed out within a test (ElasticsearchEventStoreIT).
  runuser -u "$ES_USER" -- env -i PATH=/usr/bin:/bin HOME="$ES_HOME" ES_JAVA_HOME="$ES_JAVA_HOME" \
    ES_JAVA_OPTS="-Xms${ES_HEAP:-512m} -Xmx${ES_HEAP:-512m}" ES_TMPDIR="$ES_HOME/tmp" \
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_HOME/es.pid" \
      -Ediscovery.type=single-node -Expack.security.enabled=false \
      -Enetwork.host=127.0.0.1 -Ehttp.port="$ES_PORT" -Etransport.port="$((ES_PORT + 100))" \
      -Ecluster.routing.allocation.disk.threshold_enabled=false -Eaction.destructive_requires_name=false \
      -Ethread_pool.estimated_time_interval=0 \
      > "$ES_BASE/startup.log" 2>&1 || { tail -50 "$ES_BASE/startup.log"; return 1; }
  # GET / answers 405 in the integ-test zip: ask the cluster's health instead
  for _ in $(seq 1 180); do
    curl -fsS "$health?wait_for_status=yellow&timeout=1s" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fsS "$health?wait_for_status=yellow&timeout=5s" >/dev/null || { tail -50 "$ES_HOME/logs/"*.log 2>/dev/null; return 1; }
  echo "es-test-server: Elasticsearch $ES_VERSION up in $(( $(date +%s) - began )) s, pid $(cat "$ES_HOME/es.pid")"
  echo "ES_URL=http://127.0.0.1:$ES_PORT"
}

case "${1:-}" in
start)
  mkdir -p "$ES_BASE"
  if [ ! -x "$ES_HOME/bin/elasticsearch" ]; then
    mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" -DoutputDirectory="$ES_BASE"
    unzip -q -o "$ES_BASE/elasticsearch-$ES_VERSION.zip" -d "$ES_BASE"
  fi
  id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  stop >/dev/null
  rm -rf "$ES_HOME/data" "$ES_HOME/logs" "$ES_HOME/tmp"
  mkdir -p "$ES_HOME/tmp"
  chown -R "$ES_USER:$ES_USER" "$ES_HOME"
  launch
  ;;
stop) stop ;;
kill)
  # fault tests: SIGKILL, as a crash; the data stays for "resume". Returns only once nothing answers
  # on the port: a kill that missed (stale pid file) must fail here, not make a test pass vacuously.
  pidf="$ES_HOME/es.pid"
  pid=$( [ -f "$pidf" ] && cat "$pidf" || echo "")
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || echo "es-test-server: pid '${pid}' was not running" >&2
  rm -f "$pidf"
  for _ in $(seq 1 40); do
    curl -fsS -m 1 "$health" >/dev/null 2>&1 || break
    # something still answers: a node of this installation (the three-node test cluster runs from a copy of its own)
    pkill -9 -u "$ES_USER" -f "es.path.home=$ES_HOME" 2>/dev/null || true
    sleep 0.25
  done
  if curl -fsS -m 1 "$health" >/dev/null 2>&1; then echo "es-test-server: the node still answers after SIGKILL" >&2; exit 1; fi
  echo "es-test-server: killed pid $pid"
  ;;
resume)
  # start again on the data a kill left (translog recovery), without wiping it
  launch
  ;;
*) echo "usage: $0 start|stop|kill|resume" >&2; exit 2 ;;
esac
