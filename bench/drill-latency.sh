#!/usr/bin/env bash
# Time to detect, as a drill measures it: every shipped scenario is played ROUNDS times into a
# running `soctinh run` through its syslog TCP listener (soctinh drill run), and the pipeline's own
# figures are collected: for each step, from the collector receiving its first line to the expected
# rule's alert being raised. Optionally with background syslog traffic (LOAD msgs/s of sshd noise
# from `soctinh send`) so the figure is the one a busy SOC sees.
#
#   bash bench/drill-latency.sh [ROUNDS] [LOAD]      (defaults: 5 rounds, no load)
#
# Needs app/target/soctinh.jar (mvn -q -o install -DskipTests). Prints p50/p95/max per scenario
# and over all steps; raw JSON lines are kept in bench/results/drill-latency-<date>-<load>.ndjson.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-5}
LOAD=${2:-0}
JAR=app/target/soctinh.jar
WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
trap 'kill $SERVER ${SENDER:-} 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
cat > "$WORK/soctinh.yml" <<YAML
data_dir: $WORK/data
listeners:
  syslog_udp: {enabled: false}
  syslog_tcp: {listen: "tcp://127.0.0.1:$PORT"}
  syslog_tls: {enabled: false}
  relp: {enabled: false}
  http: {enabled: false}
  netflow: {enabled: false}
  ipfix: {enabled: false}
detection:
  rules: [$PWD/rules/sigma]
  mapping: $PWD/rules/sigma-mapping.yml
  ioc: [$PWD/rules/ioc]
incidents:
  regulation_dir: $PWD/rules/regulation
drills:
  scenarios_dir: $PWD/rules/drills
console: {enabled: false}
YAML
java -jar "$JAR" run -c "$WORK/soctinh.yml" > "$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 60); do grep -q "syslog_tcp" "$WORK/server.log" 2>/dev/null && break; sleep 0.5; done
if [ "$LOAD" -gt 0 ]; then
  java -jar "$JAR" send --host 127.0.0.1 -p "$PORT" -n 100000000 -r "$LOAD" \
    --template '<38>1 {ts} noise-host sshd - - - Accepted publickey for backup from 10.0.0.1 port 22 ssh2 {seq}' > /dev/null 2>&1 &
  SENDER=$!
  sleep 5
fi
mkdir -p bench/results
OUT=bench/results/drill-latency-$(date +%Y%m%d)-load$LOAD.ndjson
: > "$OUT"
for r in $(seq 1 "$ROUNDS"); do
  for f in rules/drills/*.yml; do
    # exit 1 (a step not detected within --wait) is a result to record, not a reason to stop
    { java -jar "$JAR" drill run "$f" --target "127.0.0.1:$PORT" --speed 100 --wait 60 --json -c "$WORK/soctinh.yml" || true; } | tail -1 >> "$OUT"
  done
done
python3 - "$OUT" "$LOAD" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def pct(v, p):
    v = sorted(v); return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
alls, missed = [], 0
print(f"background load: {sys.argv[2]} msgs/s; {len(rows)} drills")
print(f"{'scenario':32} {'steps':>5} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7}")
by = {}
for d in rows:
    for s in d["steps"]:
        if s["status"] == "not_expected": continue
        if s["time_to_detect_ms"] is None: missed += 1; continue
        by.setdefault(d["scenario"], []).append(s["time_to_detect_ms"]); alls.append(s["time_to_detect_ms"])
for k, v in sorted(by.items()):
    print(f"{k:32} {len(v):5} {pct(v,50):7} {pct(v,95):7} {max(v):7}")
print(f"{'all steps':32} {len(alls):5} {pct(alls,50):7} {pct(alls,95):7} {max(alls):7}   missed: {missed}")
PY
