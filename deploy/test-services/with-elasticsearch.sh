#!/usr/bin/env bash
# Runs a command with a real Elasticsearch node up: starts it (es-test-server.sh), exports ES_URL
# and SOCTINH_REQUIRE_ES=1 (so the Elasticsearch tests fail instead of skipping if it is missing),
# runs the command, stops the node whatever happens. Run from the repository root.
#
#   bash deploy/test-services/with-elasticsearch.sh mvn -B verify
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
trap 'bash "$here/es-test-server.sh" stop >/dev/null 2>&1 || true' EXIT
out=$(bash "$here/es-test-server.sh" start)
echo "$out"
url=$(echo "$out" | sed -n 's/^ES_URL=//p' | tail -1)
[ -n "$url" ] || { echo "with-elasticsearch: the node did not start" >&2; exit 1; }
# SOCTINH_REQUIRE_TOOLS: tests that need a program (Chromium, pdftotext, rsyslog, syslog-ng, softflowd) fail instead of skipping without it
export ES_URL="$url" SOCTINH_REQUIRE_ES=1 SOCTINH_REQUIRE_TOOLS=1
"$@"
