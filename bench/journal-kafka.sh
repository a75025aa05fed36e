#!/usr/bin/env bash
# The cost of the cluster's journal against the embedded one (issue #21): N lines over one TCP
# connection into `soctinh run` collecting only (analyzer off), until every line is durable: on the
# embedded journal written and fsynced, on Kafka acknowledged by min.insync.replicas brokers
# (acks=all, three copies). Alternates the two ROUNDS times. Needs the Kafka test cluster
# (KAFKA_BOOTSTRAP, or it starts deploy/test-services/kafka-test-cluster.sh and stops it after).
#   bash bench/journal-kafka.sh [N]     (default 600000; results in bench/results/journal-kafka-DATE.ndjson)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-600000}
ROUNDS=${ROUNDS:-2}
started_kafka=""
if [ -z "${KAFKA_BOOTSTRAP:-}" ]; then
  KAFKA_BOOTSTRAP=$(bash deploy/test-services/kafka-test-cluster.sh start | sed -n 's/^KAFKA_BOOTSTRAP=//p')
  started_kafka=1
fi
WORK=$(mktemp -d)
SERVER=
trap 'kill $SERVER 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; [ -n "$started_kafka" ] && bash deploy/test-services/kafka-test-cluster.sh stop >/dev/null' EXIT
python3 - "$N" "$WORK/corpus.txt" <<'PY'
import sys, os
n, out = int(sys.argv[1]), sys.argv[2]
lines = [l for l in open("../shared/data/loghub/OpenSSH_2k.log", encoding="ascii").read().splitlines() if l]
with open(out, "w", encoding="ascii") as f:
    for i in range(n): f.write("<38>" + lines[i % len(lines)] + "\n")
PY
run() {
  local kind=$1 port=$((20000 + RANDOM % 20000)) http journal_yaml
  http=$((port + 1))
  journal_yaml="journal: {kind: embedded}"
  [ "$kind" = kafka ] && journal_yaml="journal:
  kind: kafka
  kafka: {bootstrap: [$(echo "$KAFKA_BOOTSTRAP" | sed 's/,/, /g')], topic: bench-$port, partitions: 6}"
  rm -rf "$WORK/data"
  cat > "$WORK/soctinh.yml" <<YAML
data_dir: $WORK/data
listeners:
  syslog_udp: {enabled: false}
  syslog_tcp: {listen: "tcp://127.0.0.1:$port"}
  syslog_tls: {enabled: false}
  relp: {enabled: false}
  http: {listen: "http://127.0.0.1:$http"}
  netflow: {enabled: false}
  ipfix: {enabled: false}
$journal_yaml
analyzer: {enabled: false}
console: {enabled: false}
retention: {enabled: false}
YAML
  java -Xms256m -Xmx1g -XX:+UseG1GC -jar app/target/soctinh.jar run -c "$WORK/soctinh.yml" > "$WORK/server-$kind.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$http/health" >/dev/null 2>&1 && break; sleep 0.5; done
  python3 - "$SERVER" "$http" "$port" "$N" "$WORK/corpus.txt" "$kind" <<'PY' | tee -a "bench/results/journal-kafka-$(date +%Y%m%d).ndjson"
import json, os, socket, sys, time, urllib.request
pid, http, port, n, corpus, kind = sys.argv[1:7]
n = int(n)
tick = os.sysconf("SC_CLK_TCK")
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
def received():
    total = 0
    for l in urllib.request.urlopen(f"http://127.0.0.1:{http}/metrics", timeout=5).read().decode().splitlines():
        if l.startswith("soctinh_received_messages_total"): total += float(l.split()[-1])
    return total
def pending():
    return json.load(urllib.request.urlopen(f"http://127.0.0.1:{http}/health", timeout=5))["journal"]["pending_bytes"]
c0 = cpu(); t0 = time.monotonic()
s = socket.create_connection(("127.0.0.1", int(port)))
with open(corpus, "rb") as f:
    while True:
        b = f.read(1 << 20)
        if not b: break
        s.sendall(b)
s.close()
while received() < n or pending() > 0: time.sleep(0.05)
t = time.monotonic() - t0
print(json.dumps({"date": time.strftime("%Y-%m-%dT%H:%M:%S"), "journal": kind, "lines": n, "seconds": round(t, 2),
                  "lines_per_s": round(n / t), "cpu_us_per_line": round((cpu() - c0) * 1e6 / n, 2)}))
PY
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
}
for _ in $(seq 1 "$ROUNDS"); do run embedded; run kafka; done
