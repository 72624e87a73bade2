# Helpers shared by bench/run-speed-comparison.sh and bench/run-scaling.sh: sourced, not run.
# The caller sets BENCH_NAME, runs with `set -euo pipefail` and is in the repository root.

bench_die() {
  echo "$BENCH_NAME: $*" >&2
  exit 1
}

bench_log() {
  echo "== $*" >&2
}

# bench_int NAME VALUE MIN: exits with a usage error unless VALUE is an integer >= MIN
bench_int() {
  if ! [[ "$2" =~ ^[0-9]+$ ]] || [ "$2" -lt "$3" ]; then
    echo "$BENCH_NAME: $1 must be an integer >= $3, got '$2'" >&2
    exit 2
  fi
}

# Checks the tools, builds the package if there is none, compiles the benchmark classes and makes
# the virtualenv. Sets ROOT, DRIVER, PKG, BENCH_WORK (exported) and VENV_PY.
bench_setup() {
  ROOT=$(pwd -P)
  DRIVER=${SCP_DRIVE:-$ROOT/../shared/tools/scp-drive}
  if [ ! -f "$DRIVER" ]; then
    bench_die "scp-drive not found at $DRIVER (the shared folder must be beside the checkout, or set SCP_DRIVE=/path/to/scp-drive)"
  fi
  local tool
  for tool in python3 java mvn tar; do
    command -v "$tool" >/dev/null 2>&1 || bench_die "'$tool' not found on PATH"
  done

  local pkgs
  shopt -s nullglob
  pkgs=(target/kube_audit_analytics-*.tgz)
  if [ ${#pkgs[@]} -eq 0 ]; then
    bench_log "no package in target/: mvn -q -B package -DskipTests"
    mvn -q -B package -DskipTests >&2
    pkgs=(target/kube_audit_analytics-*.tgz)
  fi
  shopt -u nullglob
  [ ${#pkgs[@]} -gt 0 ] || bench_die "no target/kube_audit_analytics-*.tgz after mvn package"
  PKG="$ROOT/${pkgs[${#pkgs[@]}-1]}"
  bench_log "package: $PKG, used as it is (rebuild it after changing src/main: mvn -q -B package -DskipTests)"

  bench_log "compiling the benchmark classes (mvn -q -B test-compile)"
  mvn -q -B test-compile >&2

  BENCH_WORK=${BENCH_WORK:-$ROOT/target/bench}
  mkdir -p "$BENCH_WORK"
  BENCH_WORK=$(cd "$BENCH_WORK" && pwd -P)
  export BENCH_WORK

  local venv="$BENCH_WORK/venv"
  if [ ! -x "$venv/bin/python3" ]; then
    bench_log "creating the virtualenv $venv"
    python3 -m venv "$venv" || bench_die "python3 -m venv failed (Debian/Ubuntu: apt-get install python3-venv)"
  fi
  "$venv/bin/python3" -m pip install -q --disable-pip-version-check -r bench/requirements.txt \
    || bench_die "pip could not install bench/requirements.txt into $venv"
  VENV_PY="$venv/bin/python3"
}

# bench_extract DIR: the packaged app extracted into DIR as Splunk installs it; prints the kubeenrich launcher
bench_extract() {
  mkdir -p "$1"
  tar -xzf "$PKG" -C "$1"
  [ -x "$1/kube_audit_analytics/bin/kubeenrich.sh" ] \
    || bench_die "$PKG has no executable kube_audit_analytics/bin/kubeenrich.sh"
  echo "$1/kube_audit_analytics/bin/kubeenrich.sh"
}

# bench_corpus EVENTS FILE: the generated corpus (seed 42)
bench_corpus() {
  bench_log "generating the corpus: $1 events (seed 42)"
  java -cp target/test-classes io.kubeaudit.bench.CorpusGenerator "$1" "$2" 42
}

# bench_model OUT.csv ACCOUNTS CORPUS|"" LOG: learns a model of ACCOUNTS accounts (with the corpus's
# own actors when a corpus is given); ModelGenerator's report goes to LOG and stderr
bench_model() {
  local corpus=()
  [ -z "$3" ] || corpus=("$3")
  bench_log "learning a model of $2 accounts${3:+ (corpus actors from $(basename "$3"))} (ModelGenerator, -Xmx$MODEL_XMX)"
  if ! java "-Xmx$MODEL_XMX" -cp target/classes:target/test-classes io.kubeaudit.bench.ModelGenerator \
      "$1" "$2" "$BENCH_HOST" "${corpus[@]}" 2>"$4"; then
    cat "$4" >&2
    bench_die "ModelGenerator failed for $2 accounts (more heap: MODEL_XMX=16g)"
  fi
  cat "$4" >&2
}

# bench_drive STATS.json INPUT CHUNK_ROWS COMMAND...: one timed run through scp-drive (bodies not
# parsed by the driver); the command's stderr is kept beside the statistics
bench_drive() {
  local stats=$1 input=$2 chunk=$3
  shift 3
  if ! python3 "$DRIVER" --input "$input" --chunk-rows "$chunk" --host "$BENCH_HOST" --no-body-check \
      --timeout "$BENCH_TIMEOUT" --stats-json "$stats" --stderr-file "${stats%.json}.stderr" -q -- "$@" >&2; then
    bench_die "scp-drive failed: $* with $chunk rows per chunk on $input (command stderr: ${stats%.json}.stderr)"
  fi
}

# bench_probe STATS.json COMMAND...: getinfo only, then a clean exit
bench_probe() {
  local stats=$1
  shift
  if ! python3 "$DRIVER" --probe --timeout "$BENCH_TIMEOUT" --stats-json "$stats" \
      --stderr-file "${stats%.json}.stderr" -q -- "$@" >&2; then
    bench_die "scp-drive --probe failed: $*"
  fi
}

bench_machine() {
  echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(java -version 2>&1 | head -1);" \
    "$("$VENV_PY" --version) with splunk-sdk $("$VENV_PY" -m pip show splunk-sdk 2>/dev/null | sed -n 's/^Version: //p')"
}
