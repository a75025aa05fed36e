#!/usr/bin/env bash
# The analyzer end to end, as a new user meets it: `soctinh run` with the shipped rules (and, when
# SIGMA_EXTRA names a directory, SigmaHQ's rules beside them), N real mixed lines (sshd, Linux
# services, Apache, from shared/data/loghub, cycled) pushed over one TCP connection as fast as the
# collector takes them. Reported, from the server's own /health and /proc:
#   - journal intake: time until the journal holds all N records;
#   - analyzer: time until the analyzer's committed offset reaches N (parsed, enriched, detected,
#     stored and committed), and the rate that gives;
#   - CPU per event of the whole process (utime+stime over the run / N);
#   - peak resident memory (VmHWM).
#
#   bash bench/analyzer-load.sh [N]            (default 600000)
#   CORES=0 bash bench/analyzer-load.sh        pin the server to CPU 0 (taskset), to compare 1 and 2 cores
#   SIGMA_EXTRA=/path/to/sigma/rules bash bench/analyzer-load.sh
#   STORE=elasticsearch ES_URL=http://127.0.0.1:9200 bash bench/analyzer-load.sh
#   WARMUP=300000 bash bench/analyzer-load.sh  first send this many lines and wait until they are
#                                              stored, so the figures are the JIT-compiled steady state
#                                              (0: a cold server, as a new user meets it)
#   JFR=/tmp/run.jfr bash bench/analyzer-load.sh  record a JFR profile of the measured part only
#                                              (after the warm-up; `jfr print --events ExecutionSample`)
#
# Needs app/target/soctinh.jar (mvn -q install -DskipTests) and python3. One JSON line per run is
# appended to bench/results/analyzer-load-<date>.ndjson.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-600000}
DATA=${LOGHUB:-../shared/data/loghub}
# shellcheck source=bench/lib/server.sh
. bench/lib/server.sh

# the corpus: syslog framing (LF) with a PRI in front of each loghub line
python3 - "$DATA" "$N" "$WORK/corpus.txt" <<'PY'
import sys, os, itertools
d, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = []
for name, pri in (("OpenSSH_2k.log", "<38>"), ("Linux_2k.log", "<30>")):
    for l in open(os.path.join(d, name), encoding="ascii").read().splitlines():
        if l: lines.append(pri + l)
for l in open(os.path.join(d, "Apache_2k.log"), encoding="ascii").read().splitlines():
    # "[Sun Dec 04 04:47:44 2005] [notice] ..." as Apache's error log forwarded by syslog
    if l: lines.append("<43>Dec  4 04:47:44 web-01 apache2: " + l)
# interleave the three sources, as a province's stream mixes them
mixed = [l for trio in itertools.zip_longest(lines[:2000], lines[2000:4000], lines[4000:]) for l in trio if l]
with open(out, "w", encoding="ascii") as f:
    for i in range(n):
        f.write(mixed[i % len(mixed)]); f.write("\n")
PY

start_server "${CORES:-}"
sleep 2

python3 - "$SERVER" "$HTTP" "$PORT" "$N" "$WORK/corpus.txt" "${RULES_LOADED:-0}" "${CORES:-all}" "${STORE:-lucene}" "${WARMUP:-0}" "${JFR:-}" <<'PY' | tee -a "bench/results/analyzer-load-$(date +%Y%m%d).ndjson"
import json, os, socket, subprocess, sys, time, threading, urllib.request
pid, http, port, n, corpus, rules, cores, store, warmup, jfr = sys.argv[1:11]
n = int(n)
warmup = int(warmup)
tick = os.sysconf("SC_CLK_TCK")
def cpu():
    f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
def status(key):
    for l in open(f"/proc/{pid}/status"):
        if l.startswith(key): return int(l.split()[1]) * 1024
def threads():
    # CPU seconds per thread name (digits folded), to see where the time went: JIT and GC included
    out = {}
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{t}/comm").read().strip()
            f = open(f"/proc/{pid}/task/{t}/stat").read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        key = "".join("N" if ch.isdigit() else ch for ch in name)
        out[key] = out.get(key, 0) + (int(f[11]) + int(f[12])) / tick
    return out
def health():
    return json.load(urllib.request.urlopen(f"http://127.0.0.1:{http}/health", timeout=5))
def committed():
    for l in urllib.request.urlopen(f"http://127.0.0.1:{http}/metrics", timeout=5).read().decode().splitlines():
        if l.startswith("soctinh_analyzer_committed_offset"): return int(float(l.split()[-1]))
    return 0
def send(lines=None):
    s = socket.create_connection(("127.0.0.1", int(port)))
    with open(corpus, "rb") as f:
        if lines is None:
            while True:
                b = f.read(1 << 20)
                if not b: break
                s.sendall(b)
        else:
            for _ in range(lines):
                line = f.readline()
                if not line:  # the warm-up may be longer than the corpus: go round again
                    f.seek(0)
                    line = f.readline()
                s.sendall(line)
    s.close()
# started before the warm-up (starting it on a warm server makes the JIT recompile), dumped from the
# measured part only
if jfr: subprocess.run(["jcmd", pid, "JFR.start", "name=bench", "settings=profile"], check=True, capture_output=True)
if warmup:
    start = health()["journal"]["next_offset"]
    send(warmup)
    while committed() - start < warmup: time.sleep(0.5)
base = health()["journal"]["next_offset"]
c0 = cpu(); th0 = threads(); t0 = time.monotonic()
threading.Thread(target=send, daemon=True).start()
journaled = analyzed = None
rss_max = 0
samples = []
while analyzed is None and time.monotonic() - t0 < 1800:
    time.sleep(0.2)
    now = time.monotonic() - t0
    if journaled is None and health()["journal"]["next_offset"] - base >= n: journaled = now
    done = committed() - base
    samples.append((round(now, 1), done))
    rss_max = max(rss_max, status("VmRSS:"))
    if done >= n: analyzed = now
c1 = cpu()
th1 = threads()
if jfr: subprocess.run(["jcmd", pid, "JFR.dump", "name=bench", f"begin=-{int(time.monotonic() - t0) + 1}s", f"filename={jfr}"], check=True, capture_output=True)
per_thread = {k: round((v - th0.get(k, 0)) / n * 1e6, 1) for k, v in th1.items() if v - th0.get(k, 0) > 0.05}
out = {
    "date": time.strftime("%Y-%m-%dT%H:%M:%S"), "events": n, "warmup": warmup, "rules": int(rules), "cores": cores, "store": store,
    "journal_s": round(journaled, 2) if journaled else None,
    "journal_eps": round(n / journaled) if journaled else None,
    "analyzer_s": round(analyzed, 2) if analyzed else None,
    "analyzer_eps": round(n / analyzed) if analyzed else None,
    "cpu_us_per_event": round((c1 - c0) / n * 1e6, 1),
    "rss_peak_mb": round(max(rss_max, status("VmHWM:")) / 2**20),
    "load": os.getloadavg()[0],
    "cpu_us_per_event_by_thread": dict(sorted(per_thread.items(), key=lambda kv: -kv[1])),
}
print(json.dumps(out))
PY
grep -E "WARN|ERROR" "$WORK/server.log" | grep -v "rule not loaded" | head -5 || true
