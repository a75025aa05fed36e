# Sourced by the load scripts: a `soctinh run` of its own on loopback ports, in a temporary directory,
# with the shipped rules (plus $SIGMA_EXTRA when set) and the store $STORE (lucene, or elasticsearch
# at $ES_URL). Sets WORK, PORT (syslog TCP), HTTP (/health, /metrics), SERVER (pid), RULES_LOADED;
# removes everything on exit. ANALYZER_YAML adds a line to the analyzer section (commit_interval_ms: 30000).
#   start_server [taskset cpu list]
WORK=$(mktemp -d)
PORT=$((20000 + RANDOM % 20000))
HTTP=$((PORT + 1))
SERVER=
trap 'kill ${SERVER:-} ${SENDER:-} 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT

write_config() {
  local rules="$PWD/rules/sigma" store_yaml=""
  [ -n "${SIGMA_EXTRA:-}" ] && rules="$rules, $SIGMA_EXTRA"
  if [ "${STORE:-lucene}" = elasticsearch ]; then
    store_yaml="analyzer:${ANALYZER_YAML:+
  $ANALYZER_YAML}
  store: elasticsearch
  elasticsearch: {urls: [\"${ES_URL:?STORE=elasticsearch needs ES_URL}\"], index_prefix: \"bench-$PORT\"}"
  elif [ -n "${ANALYZER_YAML:-}" ]; then
    store_yaml="analyzer:
  $ANALYZER_YAML"
  fi
  cat > "$WORK/soctinh.yml" <<YAML
data_dir: $WORK/data
listeners:
  syslog_udp: {enabled: false}
  syslog_tcp: {listen: "tcp://127.0.0.1:$PORT"}
  syslog_tls: {enabled: false}
  relp: {enabled: false}
  http: {listen: "http://127.0.0.1:$HTTP"}
  netflow: {enabled: false}
  ipfix: {enabled: false}
$store_yaml
detection:
  rules: [$rules]
  mapping: $PWD/rules/sigma-mapping.yml
  ioc: [$PWD/rules/ioc]
incidents:
  regulation_dir: $PWD/rules/regulation
drills:
  scenarios_dir: $PWD/rules/drills
console: {enabled: false}
# the corpus's lines are years old: the daily pass would delete them as they arrive (and run during
# the measurement whenever it starts after 02:00 in Vietnam)
retention: {enabled: false}
YAML
}

start_server() {
  write_config
  local pin=()
  [ -n "${1:-}" ] && pin=(taskset -c "$1")
  # shellcheck disable=SC2086
  "${pin[@]}" java ${SOCTINH_JAVA_OPTS:--Xms256m -Xmx2g -XX:+UseG1GC} -jar app/target/soctinh.jar run -c "$WORK/soctinh.yml" > "$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$HTTP/health" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -sf "http://127.0.0.1:$HTTP/health" >/dev/null || { echo "server did not start:"; cat "$WORK/server.log"; exit 1; }
  RULES_LOADED=$(grep -o 'detection: [0-9]* rules loaded' "$WORK/server.log" | grep -o '[0-9]*' | head -1)
}
