#!/usr/bin/env bash
# Load benchmark of the kube_audit_webhook modular input: the packaged app is extracted as Splunk
# would install it, bin/kube_audit_webhook.sh is started on a free loopback port (HTTPS, client
# certificates made with keytool, duplicate suppression on), and concurrent senders post
# 400-event EventList batches for a fixed time. Loopback only; stops by itself. Not a test.
# Without RATE the senders post as fast as they are answered (the most the input sustains); with
# RATE (events/s) batches are due at that pace and latency counts from when each was due.
#
# usage: bash bench/run-webhook-benchmark.sh [SENDERS] [SECONDS] [RATE] [WARMUP]   (default 4 senders, 20 s, unpaced, 10 s warm-up)
set -euo pipefail

cd "$(dirname "$0")/.."
SENDERS=${1:-4}
SECONDS_MEASURED=${2:-20}
RATE=${3:-0}
WARMUP=${4:-10}
if ! [[ "$SENDERS" =~ ^[0-9]+$ && "$SECONDS_MEASURED" =~ ^[0-9]+$ && "$RATE" =~ ^[0-9]+$ && "$WARMUP" =~ ^[0-9]+$ ]]; then
  echo "run-webhook-benchmark: SENDERS, SECONDS, RATE and WARMUP must be integers" >&2
  exit 2
fi
for tool in java mvn tar; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run-webhook-benchmark: '$tool' not found on PATH" >&2; exit 1; }
done

echo "== packaging the app and compiling the benchmark (mvn package -DskipTests)" >&2
mvn -q -B package -DskipTests
PKG=$(ls target/kube_audit_analytics-*.tgz | tail -1)
CP="target/test-classes:target/classes:$(ls ~/.m2/repository/org/apache/servicemix/bundles/org.apache.servicemix.bundles.splunk/1.9.5_1/*.jar)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/webhook-bench.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
tar -xzf "$PKG" -C "$WORK"

java -cp "$CP" io.kubeaudit.bench.WebhookLoadBenchmark "$WORK/kube_audit_analytics" "$WORK" "$SENDERS" "$SECONDS_MEASURED" "$RATE" "$WARMUP"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
