#!/bin/sh
# Starts the benchmark's Python peer (kube_peer.py, a splunklib StreamingCommand) as splunkd starts a
# search command: stdin/stdout carry the chunked protocol, and nothing here writes to stdout. It runs
# with the python3 of the benchmark's virtualenv (splunk-sdk installed there by the bench scripts):
# KUBE_PEER_PYTHON if set, else $BENCH_WORK/venv/bin/python3 (BENCH_WORK defaults to target/bench).
# No arguments are passed on: the SDK speaks the chunked protocol only when it gets none.
case "$0" in
  */*) PEER_DIR=${0%/*} ;;
  *) PEER_DIR=. ;;
esac
PEER_DIR=$(cd "$PEER_DIR" && pwd -P)
PYTHON=${KUBE_PEER_PYTHON:-${BENCH_WORK:-$PEER_DIR/../../target/bench}/venv/bin/python3}
if [ ! -x "$PYTHON" ]; then
  echo "kube_peer.sh: no python3 at $PYTHON; create the virtualenv with splunk-sdk (bench/run-speed-comparison.sh does) or set KUBE_PEER_PYTHON" >&2
  exit 1
fi
exec "$PYTHON" "$PEER_DIR/kube_peer.py"
