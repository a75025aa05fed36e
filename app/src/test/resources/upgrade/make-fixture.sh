#!/usr/bin/env bash
# Writes a data directory as a given release of SOC Tỉnh writes it, and what that release's own
# commands print about it, for UpgradeTest (see README.md). Usage, from a checkout:
#   bash app/src/test/resources/upgrade/make-fixture.sh /path/to/soctinh.jar app/src/test/resources/upgrade/NAME
# Loopback ports 25514, 26514, 22514, 28080 and 28443 must be free.
set -euo pipefail
jar=$(realpath "$1"); out=$(realpath -m "$2"); home=$(pwd)
work=$(mktemp -d); trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT; pid=
export SOCTINH_HOME=$home
cat > "$work/soctinh.yml" <<YML
data_dir: $work/data
listeners:
  syslog_udp: {listen: udp://127.0.0.1:25514}
  syslog_tcp: {listen: tcp://127.0.0.1:25514}
  syslog_tls: {listen: tls://127.0.0.1:26514}
  relp: {listen: tcp://127.0.0.1:22514}
  http: {listen: http://127.0.0.1:28080}
  netflow: {enabled: false}
  ipfix: {enabled: false}
console: {listen: https://127.0.0.1:28443}
sources:
  - {agency: so-khcn, name: "Sở Khoa học và Công nghệ", cidrs: [127.0.0.0/8]}
YML
st() { java -jar "$jar" "$@" --config "$work/soctinh.yml"; }
st org import deploy/org.example.yml
echo 'mật khẩu dài cho viên chức' | st users add lan --role agency_viewer --org so-khcn --password-stdin
echo 'mật khẩu dài cho quản trị' | st users add chi --role admin --password-stdin
java -jar "$jar" run --config "$work/soctinh.yml" > "$work/run.log" 2>&1 & pid=$!
until grep -q 'Press Ctrl-C' "$work/run.log"; do sleep 0.5; kill -0 "$pid"; done
{
  for i in $(seq 10 23); do printf '<38>Dec  7 10:00:%02d srv-portal sshd[4242]: Failed password for root from 203.0.113.9 port 400%02d ssh2\n' "$i" "$i"; done
  printf '<38>Dec  7 10:01:00 srv-portal sshd[4242]: Accepted password for root from 203.0.113.9 port 40100 ssh2\n'
  printf '<86>1 2026-12-07T10:02:00+07:00 dichvucong sudo 77 - - bob : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/bash\n'
} > "$work/lines.txt"
cat "$work/lines.txt" > /dev/tcp/127.0.0.1/25514
until st search '*' --json --limit 1 2>/dev/null | grep -q '"total" *: *16' && st incidents list --json | grep -q INC-; do sleep 1; done
sleep 6 # one more commit of the store and of detection's state
kill -TERM "$pid"; wait "$pid" || true; pid=
rm -rf "$out"; mkdir -p "$out/expected"
cp -a "$work/data" "$out/data"
st search '*' --json --limit 100 > "$out/expected/search-events.ndjson"
st search --alerts '*' --json --limit 100 > "$out/expected/search-alerts.ndjson"
st incidents list --json > "$out/expected/incidents.ndjson"
st audit verify --json > "$out/expected/audit-verify.json"
st users list --json > "$out/expected/users.json"
st org list > "$out/expected/org-list.txt"
java -jar "$jar" version > "$out/expected/written-by.txt"
echo "fixture in $out ($(du -sb "$out" | cut -f1) bytes)"
