#!/bin/sh
# Starts the benchmark pass-through search command (src/test/java/io/kubeaudit/bench/PassThroughCommand.java)
# with the JVM flags bin/kubeenrich.sh gives kubeenrich, so that both pay the same JVM start. scp-drive
# starts it as splunkd would start a search command: stdin/stdout carry the chunked protocol, and
# nothing here writes to stdout. Needs the compiled classes (mvn test-compile); the classpath can be
# set with PASSTHROUGH_CLASSPATH. Keep the flags below in step with bin/kubeenrich.sh
# (bench/run-speed-comparison.sh warns when they differ).
case "$0" in
  */*) BENCH_DIR=${0%/*} ;;
  *) BENCH_DIR=. ;;
esac
ROOT=$(cd "$BENCH_DIR/.." && pwd -P)
CLASSPATH_DIRS=${PASSTHROUGH_CLASSPATH:-$ROOT/target/test-classes:$ROOT/target/classes}
unset LD_LIBRARY_PATH

if [ -n "$KUBE_AUDIT_JAVA" ] && [ -x "$KUBE_AUDIT_JAVA" ]; then
  JAVA=$KUBE_AUDIT_JAVA
elif [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA=$JAVA_HOME/bin/java
else
  JAVA=$(command -v java 2>/dev/null)
fi
if [ -z "$JAVA" ]; then
  echo "passthrough.sh: no Java found (set KUBE_AUDIT_JAVA or JAVA_HOME, or put java on PATH)" >&2
  exit 1
fi
if [ ! -f "${CLASSPATH_DIRS%%:*}/io/kubeaudit/bench/PassThroughCommand.class" ] && [ -z "$PASSTHROUGH_CLASSPATH" ]; then
  echo "passthrough.sh: $ROOT/target/test-classes has no PassThroughCommand.class; run 'mvn -q -B test-compile' first" >&2
  exit 1
fi

exec "$JAVA" -XX:+UseSerialGC -XX:-UsePerfData -XX:InlineSmallCode=500 -XX:-UseProfiledLoopPredicate -Xss1m -Xms32m -Xmx1g -Dfile.encoding=UTF-8 \
  -Xlog:disable -Xlog:all=warning:stderr -XX:+DisplayVMOutputToStderr \
  $KUBE_AUDIT_JAVA_OPTS \
  -cp "$CLASSPATH_DIRS" io.kubeaudit.bench.PassThroughCommand "$@"
