#!/usr/bin/env bash
# Throughput / peak-memory benchmark of the kubeenrich search command through the full chunked
# protocol: the packaged app is extracted as Splunk would install it and bin/kubeenrich.sh is
# driven by scp-drive acting as splunkd. Not a unit test. See bench/README.md.
#
# usage: bash bench/run-enrich-benchmark.sh [EVENTS]     (default 250000)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd -P)
DRIVER="$ROOT/../shared/tools/scp-drive"
N=${1:-250000}
PROBES=5

if ! [[ "$N" =~ ^[0-9]+$ ]] || [ "$N" -lt 4 ]; then
  echo "run-enrich-benchmark: EVENTS must be an integer >= 4, got '$N'" >&2
  exit 2
fi
if [ ! -f "$DRIVER" ]; then
  echo "run-enrich-benchmark: scp-drive not found at $DRIVER" >&2
  echo "  (the shared folder must be checked out beside the project: ../shared/tools/scp-drive)" >&2
  exit 1
fi
for tool in python3 java mvn tar; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run-enrich-benchmark: '$tool' not found on PATH" >&2; exit 1; }
done

echo "== packaging the app (mvn package -DskipTests)" >&2
mvn -q -B package -DskipTests
shopt -s nullglob
pkgs=(target/kube_audit_analytics-*.tgz)
shopt -u nullglob
if [ ${#pkgs[@]} -eq 0 ]; then
  echo "run-enrich-benchmark: no target/kube_audit_analytics-*.tgz after mvn package" >&2
  exit 1
fi
PKG=${pkgs[${#pkgs[@]}-1]}

echo "== compiling the corpus generator (mvn test-compile)" >&2
mvn -q -B test-compile

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kubeenrich-bench.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

tar -xzf "$PKG" -C "$WORK"
CMD="$WORK/kube_audit_analytics/bin/kubeenrich.sh"
if [ ! -x "$CMD" ]; then
  echo "run-enrich-benchmark: $PKG has no executable kube_audit_analytics/bin/kubeenrich.sh" >&2
  exit 1
fi

QUARTER=$((N / 4))
echo "== generating corpora: $N and $QUARTER events (seed 42)" >&2
java -cp target/test-classes io.kubeaudit.bench.CorpusGenerator "$N" "$WORK/corpus-$N.jsonl" 42
java -cp target/test-classes io.kubeaudit.bench.CorpusGenerator "$QUARTER" "$WORK/corpus-$QUARTER.jsonl" 42

ROWS=()
for events in "$QUARTER" "$N"; do
  for chunk in 1000 50000; do
    stats="$WORK/stats-$events-$chunk.json"
    echo "== scp-drive: $events events, $chunk rows per chunk" >&2
    if ! python3 "$DRIVER" --input "$WORK/corpus-$events.jsonl" --chunk-rows "$chunk" --no-body-check --timeout 600 \
        --stats-json "$stats" -q -- "$CMD"; then
      echo "run-enrich-benchmark: scp-drive failed for $events events / $chunk rows per chunk" >&2
      exit 1
    fi
    ROWS+=("$(python3 - "$stats" "$events" "$chunk" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
def f(key, fmt):
    v = s.get(key)
    return "n/a" if v is None else format(v, fmt)
print("%14s %12s %14s %16s %17s" % (sys.argv[2], sys.argv[3], f("events_per_second", ",.0f"),
      f("request_mb_per_second", ".1f"), f("child_peak_rss_mib", ".1f")))
EOF
)")
  done
done

PROBE_FILES=()
for i in $(seq 1 "$PROBES"); do
  stats="$WORK/probe-$i.json"
  python3 "$DRIVER" --probe --stats-json "$stats" -q -- "$CMD" || {
    echo "run-enrich-benchmark: scp-drive --probe failed (run $i)" >&2
    exit 1
  }
  PROBE_FILES+=("$stats")
done
GETINFO=$(python3 - "${PROBE_FILES[@]}" <<'EOF'
import json, statistics, sys
vals = [json.load(open(p)).get("getinfo_reply_ms") for p in sys.argv[1:]]
vals = [v for v in vals if v is not None]
print("%.1f ms (runs: %s)" % (statistics.median(vals), ", ".join("%.1f" % v for v in vals)) if vals else "n/a")
EOF
)

echo
echo "kubeenrich benchmark ($(basename "$PKG"), corpus seed 42, $(java -version 2>&1 | head -1))"
printf "%14s %12s %14s %16s %17s\n" "corpus events" "chunk rows" "events/s" "request MB/s" "peak RSS MiB"
for row in "${ROWS[@]}"; do
  echo "$row"
done
echo "getinfo reply (median of $PROBES probes): $GETINFO"
echo "corpus: $N events, $(wc -c < "$WORK/corpus-$N.jsonl") bytes ($(( $(wc -c < "$WORK/corpus-$N.jsonl") / N )) bytes/event)"
