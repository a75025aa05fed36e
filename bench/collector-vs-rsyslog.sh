#!/usr/bin/env bash
# SOC Tỉnh collector vs rsyslog/syslog-ng, same machine, same load, same sitting.
# Uses the baseline scripts of ../shared/bench (loggen, rsyslog, syslog-ng; install them with
# ../shared/bench/install.sh) and runs the identical load against `soctinh run`.
#
# usage: bench/collector-vs-rsyslog.sh [CASE ...]
#   CASE: tcp3164-c1 tcp5424-c1 tcp3164-c4 tcp5424-c4 relp-w1024 relp-w4096 udp     (default: all)
#   env:  SKIP_BASELINE=1 / SKIP_CEILING=1 (collector only)
#         REPS=3 (runs per side; the collector also gets one discarded warm-up run)
#         DURATION=5 (seconds of load)   FSYNC=every-batch (journal.fsync for the collector)
#         SHARED=../shared/bench         OUT=bench/results-<date>.txt
# Every summary line (baselines and collector) is appended to OUT; compare msgs_per_s and
# cpu_us_per_msg as ratios, never as absolute figures (see ../shared/bench/README.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${SHARED:-$ROOT/../shared/bench}"
REPS="${REPS:-3}"; DURATION="${DURATION:-5}"; FSYNC="${FSYNC:-every-batch}"
OUT="${OUT:-$ROOT/bench/results-$(date +%Y%m%d-%H%M%S).txt}"
JAR="$ROOT/app/target/soctinh.jar"
CASES=("$@"); [ ${#CASES[@]} -gt 0 ] || CASES=(tcp3164-c1 tcp5424-c1 tcp3164-c4 tcp5424-c4 relp-w1024 relp-w4096 udp)
TCP_PORT=25514; RELP_PORT=22514; HTTP_PORT=28080
[ -x "$SHARED/send-loggen.sh" ] || { echo "no $SHARED/send-loggen.sh (set SHARED=)" >&2; exit 2; }
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -q -DskipTests package -pl app -am)

WD=$(mktemp -d -t soctinh-bench.XXXXXX)
SPID=""
cleanup() { stop_soctinh; rm -rf "$WD"; }
trap cleanup EXIT

note() { echo "# $*" | tee -a "$OUT" >&2; }

start_soctinh() {
  rm -rf "$WD/data"; mkdir -p "$WD/data"
  cat >"$WD/soctinh.yml" <<CONF
data_dir: $WD/data
listeners:
  syslog_udp: { listen: "udp://127.0.0.1:$TCP_PORT", rcvbuf_bytes: 4MiB }
  syslog_tcp: { listen: "tcp://127.0.0.1:$TCP_PORT" }
  syslog_tls: { enabled: false }
  relp: { listen: "tcp://127.0.0.1:$RELP_PORT" }
  http: { listen: "http://127.0.0.1:$HTTP_PORT" }
journal:
  fsync: $FSYNC
  max_bytes: 64GiB
CONF
  java ${SOCTINH_JAVA_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC} -jar "$JAR" run --config "$WD/soctinh.yml" --json \
    >"$WD/soctinh.out" 2>"$WD/soctinh.err" &
  SPID=$!
  for _ in $(seq 1 100); do grep -q '"started"' "$WD/soctinh.out" 2>/dev/null && return 0; sleep 0.2; done
  echo "soctinh did not start:" >&2; cat "$WD/soctinh.err" >&2; exit 1
}

stop_soctinh() {
  [ -n "$SPID" ] || return 0
  kill "$SPID" 2>/dev/null || true
  wait "$SPID" 2>/dev/null || true
  SPID=""
}

COUNT_CMD="curl -s 127.0.0.1:$HTTP_PORT/metrics | awk '/^soctinh_received_messages_total/{s+=\$2} END{printf \"%d\\n\", s}'"

collector_runs() { # PORT PROTO RATE [env...]
  local port=$1 proto=$2 rate=$3; shift 3
  start_soctinh
  for i in $(seq 0 "$REPS"); do
    line=$(env "$@" NAME=soctinh RECV_PID="$SPID" WATCH_FILE="$WD/data/journal" RECV_COUNT_CMD="$COUNT_CMD" \
      "$SHARED/send-loggen.sh" 127.0.0.1 "$port" "$proto" "$rate" "$DURATION" 2>>"$WD/send.err")
    if [ "$i" = 0 ]; then echo "warm-up (discarded): $line" >&2; else echo "$line" | tee -a "$OUT"; fi
  done
  stop_soctinh
}

note "SOC Tỉnh collector vs baselines, $(date -Is), $(nproc) cores, $(uname -r), fsync=$FSYNC, REPS=$REPS DURATION=$DURATION"
[ -n "${SKIP_CEILING:-}" ] || { note "loggen ceiling:"; DURATION=3 "$SHARED/loggen-ceiling.sh" 2>/dev/null | tee -a "$OUT"; }
baseline() { [ -n "${SKIP_BASELINE:-}" ] || "$@"; }
for c in "${CASES[@]}"; do
  case $c in
    tcp3164-c1) baseline env REPS=$REPS DURATION=$DURATION PROTO=rfc3164 CONNS=1 "$SHARED/rsyslog-tcp.sh" 2>/dev/null | tee -a "$OUT"
                collector_runs $TCP_PORT tcp-rfc3164 max CONNS=1 ;;
    tcp5424-c1) baseline env REPS=$REPS DURATION=$DURATION PROTO=rfc5424 CONNS=1 "$SHARED/rsyslog-tcp.sh" 2>/dev/null | tee -a "$OUT"
                collector_runs $TCP_PORT tcp-rfc5424 max CONNS=1 ;;
    tcp3164-c4) baseline env REPS=$REPS DURATION=$DURATION PROTO=rfc3164 CONNS=4 "$SHARED/rsyslog-tcp.sh" 2>/dev/null | tee -a "$OUT"
                collector_runs $TCP_PORT tcp-rfc3164 max CONNS=4 ;;
    tcp5424-c4) baseline env REPS=$REPS DURATION=$DURATION PROTO=rfc5424 CONNS=4 "$SHARED/rsyslog-tcp.sh" 2>/dev/null | tee -a "$OUT"
                collector_runs $TCP_PORT tcp-rfc5424 max CONNS=4 ;;
    relp-w1024) baseline env REPS=$REPS DURATION=$DURATION WINDOW=1024 "$SHARED/rsyslog-relp.sh" 2>/dev/null | tee -a "$OUT"
                collector_runs $RELP_PORT relp-rfc5424 max WINDOW=1024 ;;
    relp-w4096) baseline env REPS=$REPS DURATION=$DURATION WINDOW=4096 "$SHARED/rsyslog-relp.sh" 2>/dev/null | tee -a "$OUT"
                collector_runs $RELP_PORT relp-rfc5424 max WINDOW=4096 ;;
    udp)        for r in 50000 100000 150000; do
                  baseline env REPS=$REPS DURATION=$DURATION RCVBUF=4m RATES=$r "$SHARED/rsyslog-udp.sh" 2>/dev/null | tee -a "$OUT"
                  collector_runs $TCP_PORT udp-rfc3164 $r
                done ;;
    *) echo "unknown case $c" >&2; exit 2 ;;
  esac
done
note "done: $OUT"
