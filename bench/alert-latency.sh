#!/usr/bin/env bash
# Event → alert latency under load: `soctinh run` with the shipped rules (plus SIGMA_EXTRA), LOAD
# msgs/s of background sshd/Linux lines over one TCP connection (paced, from the loghub samples), and
# meanwhile one SQL-injection line every 50 ms over another connection, each from its own source
# address (so each is an alert of its own, not folded into an open one). For every marker: the time
# from the collector receiving it (the event's event.created) to detection raising its alert (the
# alert's event.created), both read back from the store. Prints p50/p99/max.
#
#   bash bench/alert-latency.sh [LOAD] [SECONDS]     (defaults: 20000 msgs/s, 60 s of markers)
#   WARMUP=1500000 bash bench/alert-latency.sh       first send this many background lines at full speed and
#                                                    wait until they are stored and detected (a server that has
#                                                    run a while); 0: a cold server, as just started
#
# Needs app/target/soctinh.jar and python3. One JSON line per run is appended to
# bench/results/alert-latency-<date>.ndjson.
set -euo pipefail
cd "$(dirname "$0")/.."
LOAD=${1:-20000}
SECONDS_OF_MARKERS=${2:-60}
DATA=${LOGHUB:-../shared/data/loghub}
# shellcheck source=bench/lib/server.sh
. bench/lib/server.sh
start_server "${CORES:-}"
CFG="$WORK/soctinh.yml"
SQLI_RULE=5b7f4a2e-9c1d-4e6b-8a3f-sqli-0001

python3 - "$PORT" "$LOAD" "$SECONDS_OF_MARKERS" "$DATA" "$WORK/markers.txt" "$SERVER" "$HTTP" "${WARMUP:-0}" <<'PY'
import os, socket, sys, threading, time, datetime, json, urllib.request
port, load, secs, data, out, pid = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
http, warmup = sys.argv[7], int(sys.argv[8])
noise = []
for name, pri in (("OpenSSH_2k.log", "<38>"), ("Linux_2k.log", "<30>")):
    noise += [pri + l for l in open(os.path.join(data, name), encoding="ascii").read().splitlines() if l]
noise = [(l + "\n").encode() for l in noise]
def metric(name):
    for l in urllib.request.urlopen(f"http://127.0.0.1:{http}/metrics", timeout=5).read().decode().splitlines():
        if l.startswith(name): return int(float(l.split()[-1]))
    return 0
if warmup:
    # a server that has run a while: the JIT has compiled the hot paths; wait until detection has caught up
    s = socket.create_connection(("127.0.0.1", port))
    for i in range(0, warmup, 1000):
        s.sendall(b"".join(noise[(i + k) % len(noise)] for k in range(1000)))
    s.close()
    while True:
        time.sleep(0.5)
        nxt = json.load(urllib.request.urlopen(f"http://127.0.0.1:{http}/health", timeout=5))["journal"]["next_offset"]
        if nxt >= warmup and metric("soctinh_detection_committed_offset") >= nxt and metric("soctinh_analyzer_committed_offset") >= nxt: break
stop = time.monotonic() + secs + 10
def background():
    s = socket.create_connection(("127.0.0.1", port))
    i, start = 0, time.monotonic()
    while time.monotonic() < stop:
        # paced in 10 ms slices: LOAD/100 lines each
        chunk = b"".join(noise[(i + k) % len(noise)] for k in range(max(1, load // 100)))
        s.sendall(chunk); i += max(1, load // 100)
        ahead = start + i / load - time.monotonic()
        if ahead > 0: time.sleep(ahead)
    s.close()
threading.Thread(target=background, daemon=True).start()
time.sleep(5)  # the load is flowing
m = socket.create_connection(("127.0.0.1", port))
n = 0
end = time.monotonic() + secs
while time.monotonic() < end:
    n += 1
    ip = "10.%d.%d.%d" % (n >> 16 & 255, n >> 8 & 255, n & 255)
    t = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).strftime("%d/%b/%Y:%H:%M:%S +0700")
    line = '<150>Dec  7 10:00:00 portal nginx: %s - - [%s] "GET /tra-cuu?marker=%d&id=1%%27%%20UNION%%20SELECT%%20password%%20FROM%%20users-- HTTP/1.1" 200 512 "-" "sqlmap/1.7"\n' % (ip, t, n)
    m.sendall(line.encode())
    time.sleep(0.05)
m.close()
open(out, "w").write(str(n))
time.sleep(12)
PY
MARKERS=$(cat "$WORK/markers.txt")
java -jar app/target/soctinh.jar search -c "$CFG" --alerts "rule.id:\"$SQLI_RULE\"" --limit 10000 --json > "$WORK/alerts.ndjson" 2>/dev/null || true
java -jar app/target/soctinh.jar search -c "$CFG" 'url.original:*marker*' --limit 10000 --json > "$WORK/events.ndjson" 2>/dev/null || true
python3 - "$WORK/alerts.ndjson" "$WORK/events.ndjson" "$MARKERS" "$LOAD" "${RULES_LOADED:-0}" "${WARMUP:-0}" <<'PY' | tee -a "bench/results/alert-latency-$(date +%Y%m%d).ndjson"
import json, sys, datetime
def t(s): return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
def rows(p):
    out = []
    for l in open(p):
        l = l.strip()
        if l.startswith("{"):
            d = json.loads(l)
            if "event" in d: out.append(d)
    return out
events = {e["event"]["id"]: t(e["event"]["created"]) for e in rows(sys.argv[2])}
lat = []
for a in rows(sys.argv[1]):
    for eid in a.get("soctinh", {}).get("event_ids", [])[:1]:
        if eid in events: lat.append((t(a["event"]["created"]) - events[eid]) * 1000)
lat.sort()
pct = lambda p: round(lat[min(len(lat) - 1, int(p / 100 * (len(lat) - 1) + 0.5))]) if lat else None
print(json.dumps({"date": datetime.datetime.now().strftime("%Y-%m-%dT%H:%M:%S"), "warmup": int(sys.argv[6]), "load_msgs_per_s": int(sys.argv[4]), "rules": int(sys.argv[5]), "markers": int(sys.argv[3]), "alerts_matched": len(lat),
                  "p50_ms": pct(50), "p99_ms": pct(99), "max_ms": round(lat[-1]) if lat else None}))
PY
