#!/usr/bin/env bash
# A real three-broker Kafka cluster (KRaft, each node broker and controller) on loopback, for the
# cluster tests and for a newcomer trying cluster mode, without Docker.
#
#   bash deploy/test-services/kafka-test-cluster.sh start     # prints KAFKA_BOOTSTRAP=... once all three answer
#   bash deploy/test-services/kafka-test-cluster.sh stop
#   bash deploy/test-services/kafka-test-cluster.sh kill N    # SIGKILL node N (1-3), as a crash; its data stays
#   bash deploy/test-services/kafka-test-cluster.sh resume N  # start node N again on that data
#
# Run from the repository root. The broker's jars come from Maven Central (kafka/pom.xml); everything
# lives under target/kafka, so `mvn clean` or a fresh clone starts over. Ports: clients on
# $KAFKA_PORT, +1, +2 (default 19092-19094), controllers on $KAFKA_PORT+100 onwards.
set -euo pipefail
KAFKA_PORT="${KAFKA_PORT:-19092}"
JAVA="${JAVA:-java}"
here="$(cd "$(dirname "$0")" && pwd)"
BASE="$PWD/target/kafka"
LIBS="$BASE/libs"
NODES=(1 2 3)

client_port() { echo $((KAFKA_PORT + $1 - 1)); }
controller_port() { echo $((KAFKA_PORT + 100 + $1 - 1)); }
bootstrap() { local s=""; for n in "${NODES[@]}"; do s="${s:+$s,}127.0.0.1:$(client_port "$n")"; done; echo "$s"; }
voters() { local s=""; for n in "${NODES[@]}"; do s="${s:+$s,}$n@127.0.0.1:$(controller_port "$n")"; done; echo "$s"; }

properties() {
  local n=$1
  cat <<PROPS
process.roles=broker,controller
node.id=$n
controller.quorum.voters=$(voters)
listeners=PLAINTEXT://127.0.0.1:$(client_port "$n"),CONTROLLER://127.0.0.1:$(controller_port "$n")
advertised.listeners=PLAINTEXT://127.0.0.1:$(client_port "$n")
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$BASE/node-$n/data
# as a province would run it: every topic on all three, a write durable on two before it is acknowledged
num.partitions=6
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
# tests want a consumer group to form at once, not after three seconds
group.initial.rebalance.delay.ms=0
log.segment.bytes=67108864
PROPS
}

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

launch() {
  local n=$1 dir="$BASE/node-$n"
  mkdir -p "$dir/logs"
  # shellcheck disable=SC2086
  nohup "$JAVA" -Xms256m -Xmx${KAFKA_HEAP:-384m} -XX:+UseG1GC -Dkafka.logs.dir="$dir/logs" \
    -Dlog4j2.configurationFile="$here/kafka/log4j2.yaml" -cp "$LIBS/*" kafka.Kafka "$dir/server.properties" \
    > "$dir/logs/stdout.log" 2>&1 &
  echo $! > "$dir/pid"
}

wait_up() {
  local n
  for n in "$@"; do
    for _ in $(seq 1 240); do answers "$(client_port "$n")" && break; sleep 0.25; done
    answers "$(client_port "$n")" || { echo "kafka-test-cluster: node $n did not start" >&2; tail -30 "$BASE/node-$n/logs/"*.log >&2; return 1; }
  done
}

stop_node() {
  local n=$1 signal=${2:-TERM} pidf="$BASE/node-$1/pid" pid
  [ -f "$pidf" ] || return 0
  pid=$(cat "$pidf")
  kill -"$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  rm -f "$pidf"
  # a kill that missed must fail here, not let a fault test pass vacuously
  if answers "$(client_port "$n")"; then echo "kafka-test-cluster: node $n still answers" >&2; return 1; fi
}

# all at once: one by one, the last nodes would wait for a quorum that is already gone
stop_all() {
  local n
  for n in "${NODES[@]}"; do [ -f "$BASE/node-$n/pid" ] && kill "$(cat "$BASE/node-$n/pid")" 2>/dev/null || true; done
  for n in "${NODES[@]}"; do stop_node "$n"; done
}

case "${1:-}" in
start)
  mkdir -p "$BASE"
  if [ ! -f "$LIBS/.complete" ]; then
    mvn -B -q -Dstyle.color=never -f "$here/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$LIBS"
    touch "$LIBS/.complete"
  fi
  stop_all
  began=$(date +%s)
  # a fresh cluster every start: a new id, empty logs
  cluster_id=$(python3 -c 'import base64, uuid; print(base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("="))')
  for n in "${NODES[@]}"; do
    rm -rf "$BASE/node-$n"
    mkdir -p "$BASE/node-$n"
    properties "$n" > "$BASE/node-$n/server.properties"
    "$JAVA" -Dlog4j2.configurationFile="$here/kafka/log4j2.yaml" -Dkafka.logs.dir="$BASE/node-$n" -cp "$LIBS/*" kafka.tools.StorageTool \
      format --cluster-id="$cluster_id" -c "$BASE/node-$n/server.properties" > "$BASE/node-$n/format.log" 2>&1 \
      || { cat "$BASE/node-$n/format.log" >&2; exit 1; }
  done
  for n in "${NODES[@]}"; do launch "$n"; done
  wait_up "${NODES[@]}"
  echo "kafka-test-cluster: 3 brokers up in $(( $(date +%s) - began )) s (cluster $cluster_id)"
  echo "KAFKA_BOOTSTRAP=$(bootstrap)"
  ;;
stop)
  stop_all
  echo "kafka-test-cluster: stopped"
  ;;
kill)
  n=${2:?usage: $0 kill N}
  stop_node "$n" KILL
  echo "kafka-test-cluster: killed node $n"
  ;;
resume)
  n=${2:?usage: $0 resume N}
  launch "$n"
  wait_up "$n"
  echo "kafka-test-cluster: node $n up again"
  ;;
bootstrap) bootstrap ;;
*) echo "usage: $0 start|stop|kill N|resume N|bootstrap" >&2; exit 2 ;;
esac
