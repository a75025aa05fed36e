#!/usr/bin/env bash
# Runs a command with the real services the whole suite needs: an Elasticsearch node
# (es-test-server.sh), a three-node Elasticsearch cluster (es-test-cluster.sh) and a three-broker
# Kafka cluster (kafka-test-cluster.sh). Exports ES_URL, ES_CLUSTER_URLS and KAFKA_BOOTSTRAP, and
# SOCTINH_REQUIRE_ES=1 SOCTINH_REQUIRE_ES_CLUSTER=1 SOCTINH_REQUIRE_KAFKA=1 SOCTINH_REQUIRE_TOOLS=1 so
# that the tests needing them fail instead of skipping; stops all whatever happens. From the repository root.
#
#   bash deploy/test-services/with-test-services.sh mvn -B verify
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
trap 'bash "$here/kafka-test-cluster.sh" stop >/dev/null 2>&1 || true; bash "$here/es-test-cluster.sh" stop >/dev/null 2>&1 || true' EXIT
out=$(bash "$here/kafka-test-cluster.sh" start)
echo "$out"
bootstrap=$(echo "$out" | sed -n 's/^KAFKA_BOOTSTRAP=//p' | tail -1)
[ -n "$bootstrap" ] || { echo "with-test-services: the Kafka cluster did not start" >&2; exit 1; }
export KAFKA_BOOTSTRAP="$bootstrap" SOCTINH_REQUIRE_KAFKA=1
out=$(bash "$here/es-test-cluster.sh" start)
echo "$out"
es_cluster=$(echo "$out" | sed -n 's/^ES_CLUSTER_URLS=//p' | tail -1)
[ -n "$es_cluster" ] || { echo "with-test-services: the Elasticsearch cluster did not start" >&2; exit 1; }
export ES_CLUSTER_URLS="$es_cluster" SOCTINH_REQUIRE_ES_CLUSTER=1
# Elasticsearch inside, so that its wrapper runs the command and stops its node; the trap stops Kafka
bash "$here/with-elasticsearch.sh" "$@"
