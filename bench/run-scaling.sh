#!/usr/bin/env bash
# How kubeenrich's throughput and peak memory change with the number of events in a search and with
# the number of accounts in its baseline model, through the chunked protocol (scp-drive playing
# splunkd, the packaged bin/kubeenrich.sh). Writes the medians to a CSV and plots them (PNG, two
# panels: against events, against accounts). Not a test. See bench/README.md.
#
# usage: bash bench/run-scaling.sh
# environment (defaults in brackets):
#   EVENT_SIZES ["10000 100000 1000000"]   events series: corpus sizes ...
#   EVENTS_SERIES_ACCOUNTS [10000]          ... with one model of this many accounts
#   ACCOUNT_SIZES ["100 1000 10000 100000"] accounts series: model sizes ...
#   ACCOUNTS_SERIES_EVENTS [250000]         ... on a corpus of this many events
#   ACCOUNTS_MODEL [synthetic]              accounts-series models: "synthetic" (exactly N accounts, none of
#                                           them the corpus's actors) or "corpus" (the corpus's actors plus
#                                           synthetic ones up to N: never fewer than the corpus has)
#   RUNS [3], CHUNK [1000] (rows per chunk), MODEL_XMX [12g], BENCH_TIMEOUT [600], BENCH_HOST [prod-eu-1],
#   BENCH_WORK [target/bench], KEEP [0] (1 keeps corpora, models and app), SCP_DRIVE [../shared/tools/scp-drive]
set -euo pipefail

cd "$(dirname "$0")/.."
BENCH_NAME=run-scaling
source bench/lib.sh

read -r -a EVENT_SIZES <<<"${EVENT_SIZES:-10000 100000 1000000}"
read -r -a ACCOUNT_SIZES <<<"${ACCOUNT_SIZES:-100 1000 10000 100000}"
EVENTS_SERIES_ACCOUNTS=${EVENTS_SERIES_ACCOUNTS:-10000}
ACCOUNTS_SERIES_EVENTS=${ACCOUNTS_SERIES_EVENTS:-250000}
ACCOUNTS_MODEL=${ACCOUNTS_MODEL:-synthetic}
RUNS=${RUNS:-3}
CHUNK=${CHUNK:-1000}
BENCH_HOST=${BENCH_HOST:-prod-eu-1}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-600}
MODEL_XMX=${MODEL_XMX:-12g}
for n in "${EVENT_SIZES[@]}"; do bench_int "each of EVENT_SIZES" "$n" 1000; done
for n in "${ACCOUNT_SIZES[@]}"; do bench_int "each of ACCOUNT_SIZES" "$n" 1; done
bench_int EVENTS_SERIES_ACCOUNTS "$EVENTS_SERIES_ACCOUNTS" 1
bench_int ACCOUNTS_SERIES_EVENTS "$ACCOUNTS_SERIES_EVENTS" 1000
bench_int RUNS "$RUNS" 1
bench_int CHUNK "$CHUNK" 1
bench_int BENCH_TIMEOUT "$BENCH_TIMEOUT" 1
case $ACCOUNTS_MODEL in
  synthetic | corpus) ;;
  *) echo "$BENCH_NAME: ACCOUNTS_MODEL must be 'synthetic' or 'corpus', got '$ACCOUNTS_MODEL'" >&2; exit 2 ;;
esac

bench_setup
OUT="$BENCH_WORK/scaling-$(date +%Y%m%d-%H%M%S)"
TMP="$OUT/tmp"
mkdir -p "$TMP"
cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then
    echo "KEEP=1: corpora, models and extracted app kept in $TMP" >&2
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# a private compiled-model cache (see run-speed-comparison.sh)
export SPLUNK_HOME="$TMP/splunk_home"

KUBEENRICH=$(bench_extract "$TMP/app")
LOOKUP="$TMP/app/kube_audit_analytics/lookups/kube_audit_baseline.csv"
MANIFEST="$OUT/manifest.tsv"
: >"$MANIFEST"

# corpus FILE for N events (generated once)
corpus() {
  local file="$TMP/corpus-$1.jsonl"
  [ -f "$file" ] || bench_corpus "$1" "$file"
  echo "$file"
}

# use_model ACCOUNTS CORPUS|"" NAME: learns the model into lookups/ and compiles it into the cache with
# one untimed 1,000-event run, so that the timed runs measure what every search after the first pays
use_model() {
  bench_model "$LOOKUP" "$1" "$2" "$OUT/model-$3.log"
  read -r MODEL_ACCOUNTS MODEL_MB < <(python3 bench/bench_stats.py model-info "$OUT/model-$3.log")
  head -n 1000 "$BASE_CORPUS" >"$TMP/prime.jsonl"
  bench_drive "$OUT/prime-$3.json" "$TMP/prime.jsonl" 1000 "$KUBEENRICH"
}

# measure SERIES EVENTS ACCOUNTS CORPUS: RUNS timed runs of kubeenrich
measure() {
  local run stats
  for run in $(seq 1 "$RUNS"); do
    stats="$OUT/$1-${2}events-${3}accounts-run$run.json"
    bench_log "$1 series: $2 events, model of $MODEL_ACCOUNTS accounts, $CHUNK rows per chunk, run $run of $RUNS"
    bench_drive "$stats" "$4" "$CHUNK" "$KUBEENRICH"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$MODEL_ACCOUNTS" "$MODEL_MB" "$stats" >>"$MANIFEST"
  done
}

# The accounts series' corpus also gives the events series' model its actors (the corpus generator is
# deterministic: a smaller corpus is the start of a larger one), so that its look-ups hit.
BASE_CORPUS=$(corpus "$ACCOUNTS_SERIES_EVENTS")

use_model "$EVENTS_SERIES_ACCOUNTS" "$BASE_CORPUS" "events-series"
for n in "${EVENT_SIZES[@]}"; do
  file=$(corpus "$n")
  measure events "$n" "$EVENTS_SERIES_ACCOUNTS" "$file"
  if [ "$file" != "$BASE_CORPUS" ] && [ "${KEEP:-0}" != 1 ]; then
    rm -f "$file"
  fi
done

for n in "${ACCOUNT_SIZES[@]}"; do
  if [ "$ACCOUNTS_MODEL" = corpus ]; then
    use_model "$n" "$BASE_CORPUS" "accounts-$n"
  else
    use_model "$n" "" "accounts-$n"
  fi
  measure accounts "$ACCOUNTS_SERIES_EVENTS" "$n" "$BASE_CORPUS"
done

CSV="$OUT/scaling.csv"
PNG="$OUT/scaling.png"
echo
echo "kubeenrich scaling ($(basename "$PKG"), $CHUNK rows per chunk, medians of $RUNS runs, corpus seed 42," \
  "accounts-series models: $ACCOUNTS_MODEL)"
bench_machine
echo
python3 bench/bench_stats.py scaling "$MANIFEST" "$CSV"
"$VENV_PY" bench/plot_scaling.py "$CSV" "$PNG" "$CHUNK rows per chunk, median of $RUNS run(s) per point"
echo
echo "figures: $CSV"
echo "plot:    $PNG"
echo "per-run statistics (scp-drive --stats-json), ModelGenerator reports and the command's stderr: $OUT"
