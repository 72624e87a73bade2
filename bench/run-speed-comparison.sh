#!/usr/bin/env bash
# Side-by-side speed of three chunked (SCP v2) search commands on the same corpus, through the same
# driver (scp-drive playing splunkd), at 1,000 and 50,000 rows per chunk:
#   kubeenrich   the packaged app's bin/kubeenrich.sh, with a baseline model in lookups/
#   passthrough  bench/passthrough.sh: frames and echoes every chunk (the protocol's ceiling)
#   python       bench/python-peer/kube_peer.sh: a splunklib StreamingCommand with 23 of our labels
# run alternately RUNS times each; prints median events/s, MB/s, peak RSS, the ratios against the
# targets and the getinfo reply time of the packaged launcher. Not a test. See bench/README.md.
#
# usage: bash bench/run-speed-comparison.sh [EVENTS] [ACCOUNTS] [RUNS]   (default 1000000 100000 3)
# environment: BENCH_WORK (default target/bench), KEEP=1 (keep corpus, model and app), MODEL_XMX
#   (ModelGenerator heap, default 12g), MODEL_CORPUS_EVENTS (learn the corpus actors from only the
#   first N events; default all), BENCH_TIMEOUT (seconds per reply, default 600), BENCH_HOST,
#   SCP_DRIVE (default ../shared/tools/scp-drive).
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH_NAME=run-speed-comparison
source bench/lib.sh

EVENTS=${1:-1000000}
ACCOUNTS=${2:-100000}
RUNS=${3:-3}
CHUNKS=(1000 50000)
PROBES=5
BENCH_HOST=${BENCH_HOST:-prod-eu-1}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}
MODEL_XMX=${MODEL_XMX:-12g}
bench_int EVENTS "$EVENTS" 1000
bench_int ACCOUNTS "$ACCOUNTS" 1
bench_int RUNS "$RUNS" 1
bench_int BENCH_TIMEOUT "$BENCH_TIMEOUT" 1
[ -z "${MODEL_CORPUS_EVENTS:-}" ] || bench_int MODEL_CORPUS_EVENTS "$MODEL_CORPUS_EVENTS" 1

bench_setup
OUT="$BENCH_WORK/speed-$(date +%Y%m%d-%H%M%S)"
TMP="$OUT/tmp"
mkdir -p "$TMP"
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then
    echo "KEEP=1: corpus, model and extracted app kept in $TMP" >&2
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# kubeenrich keeps its compiled model in $SPLUNK_HOME/var/run/kube_audit_analytics (else in the
# shared temp directory): a private one, so that this run neither uses nor replaces anyone else's
export SPLUNK_HOME="$TMP/splunk_home"
export KUBE_PEER_PYTHON="$VENV_PY"

KUBEENRICH=$(bench_extract "$TMP/app")
PASSTHROUGH="$ROOT/bench/passthrough.sh"
PYTHON_PEER="$ROOT/bench/python-peer/kube_peer.sh"

# the pass-through must pay the JVM start kubeenrich pays: same flags in both launchers
# (kubeenrich's class-data-sharing flags aside: they only shorten its start)
jvm_flags() { grep -v '^[[:space:]]*#' "$1" | grep -o -- '-X[A-Za-z0-9:+=._*-]*' \
  | grep -v -e ExitOnOutOfMemoryError -e SharedArchiveFile -e ArchiveClassesAtExit -e '^-Xshare' -e '^-Xlog:cds' | sort -u; }
if ! diff <(jvm_flags "$KUBEENRICH") <(jvm_flags "$PASSTHROUGH") >/dev/null; then
  echo "$BENCH_NAME: WARNING: the JVM flags of bench/passthrough.sh differ from the packaged kubeenrich.sh:" >&2
  diff <(jvm_flags "$KUBEENRICH") <(jvm_flags "$PASSTHROUGH") | grep '^[<>]' >&2 || true
fi

CORPUS="$TMP/corpus.jsonl"
bench_corpus "$EVENTS" "$CORPUS"
MODEL_CORPUS=$CORPUS
if [ -n "${MODEL_CORPUS_EVENTS:-}" ] && [ "$MODEL_CORPUS_EVENTS" -lt "$EVENTS" ]; then
  MODEL_CORPUS="$TMP/model-corpus.jsonl"
  head -n "$MODEL_CORPUS_EVENTS" "$CORPUS" >"$MODEL_CORPUS"
fi
MODEL="$TMP/app/kube_audit_analytics/lookups/kube_audit_baseline.csv"
bench_model "$MODEL" "$ACCOUNTS" "$MODEL_CORPUS" "$OUT/model.log"
[ "$MODEL_CORPUS" = "$CORPUS" ] || rm -f "$MODEL_CORPUS"

# Untimed: the first search after a model change compiles it into SPLUNK_HOME's cache; the timed
# runs then measure what every later search pays.
bench_log "priming kubeenrich's compiled-model cache (1,000 events, not timed)"
head -n 1000 "$CORPUS" >"$TMP/prime.jsonl"
bench_drive "$OUT/prime-kubeenrich.json" "$TMP/prime.jsonl" 1000 "$KUBEENRICH"

MANIFEST="$OUT/manifest.tsv"
: >"$MANIFEST"
for chunk in "${CHUNKS[@]}"; do
  for run in $(seq 1 "$RUNS"); do
    for command in kubeenrich passthrough python; do
      case $command in
        kubeenrich) launcher=$KUBEENRICH ;;
        passthrough) launcher=$PASSTHROUGH ;;
        python) launcher=$PYTHON_PEER ;;
      esac
      stats="$OUT/$command-chunk$chunk-run$run.json"
      bench_log "$command: $EVENTS events, $chunk rows per chunk, run $run of $RUNS"
      bench_drive "$stats" "$CORPUS" "$chunk" "$launcher"
      printf '%s\t%s\t%s\n' "$command" "$chunk" "$stats" >>"$MANIFEST"
    done
  done
done

for i in $(seq 1 "$PROBES"); do
  for command in kubeenrich passthrough python; do
    case $command in
      kubeenrich) launcher=$KUBEENRICH ;;
      passthrough) launcher=$PASSTHROUGH ;;
      python) launcher=$PYTHON_PEER ;;
    esac
    stats="$OUT/probe-$command-$i.json"
    bench_probe "$stats" "$launcher"
    printf '%s\tprobe\t%s\n' "$command" "$stats" >>"$MANIFEST"
  done
done

read -r MODEL_ACCOUNTS MODEL_MB < <(python3 bench/bench_stats.py model-info "$OUT/model.log")
echo
echo "kubeenrich vs pass-through vs Python peer ($(basename "$PKG"), scp-drive --no-body-check)"
echo "corpus: $EVENTS events (seed 42), $(wc -c <"$CORPUS") bytes; model: $MODEL_ACCOUNTS accounts, $MODEL_MB MB" \
  "(asked for $ACCOUNTS; host $BENCH_HOST)"
bench_machine
echo
python3 bench/bench_stats.py speed "$MANIFEST"
echo
echo "per-run statistics (scp-drive --stats-json) and the commands' stderr: $OUT"
