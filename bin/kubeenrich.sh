#!/bin/sh
# Starts the kubeenrich search command, or the one named by $1 (kubebaseline.sh passes its own
# name, so both commands share this launcher). splunkd runs it (commands.conf, chunked = true);
# stdin/stdout carry the chunked protocol, so nothing here may write to stdout except the error
# reply below. Java 17+ is looked for in KUBE_AUDIT_JAVA, then JAVA_HOME, then PATH. Only shell
# built-ins are used until Java is found, so the error reply works on a host with an empty PATH.

case "$0" in
  */*) BIN_DIR=${0%/*} ;;
  *) BIN_DIR=. ;;
esac
APP_DIR=$(cd "$BIN_DIR/.." && pwd -P)
COMMAND=${1:-kubeenrich}
case "$COMMAND" in
  kubeenrich|kubebaseline) ;;
  *) COMMAND=kubeenrich ;;
esac
# splunkd points LD_LIBRARY_PATH at its own libraries; the JVM must use the system's.
unset LD_LIBRARY_PATH

JAVA=
if [ -n "$KUBE_AUDIT_JAVA" ] && [ -x "$KUBE_AUDIT_JAVA" ]; then
  JAVA=$KUBE_AUDIT_JAVA
elif [ -n "$JAVA_HOME" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA=$JAVA_HOME/bin/java
else
  JAVA=$(command -v java 2>/dev/null)
fi

if [ -z "$JAVA" ]; then
  # Answer splunkd's getinfo with a protocol error the user sees in the search, then exit non-zero.
  IFS= read -r header
  msg=$COMMAND': no Java found. Kubernetes Audit Analytics needs Java 17 or later on every Splunk host that runs searches (search heads and indexers). Install a Java 17+ runtime, then set JAVA_HOME (or KUBE_AUDIT_JAVA=/path/to/bin/java) in $SPLUNK_HOME/etc/splunk-launch.conf and restart Splunk.'
  meta="{\"finished\":true,\"error\":\"$msg\"}"
  printf 'chunked 1.0,%s,0\n%s' "${#meta}" "$meta"
  exit 1
fi

# JVM messages go to stderr (splunkd's search.log), never to stdout, which carries the protocol.
# A search runs the command once over its events, so compile time counts: with less inlining the
# JIT spends about a third less CPU getting the detection code hot, at no measured loss afterwards
# (bench/README.md). Flags that make the JVM print to stdout (-XX:StartFlightRecording prints a
# banner there) must not be added through KUBE_AUDIT_JAVA_OPTS.
exec "$JAVA" -XX:+UseSerialGC -XX:-UsePerfData -XX:FreqInlineSize=100 -Xss1m -Xms32m -Xmx1g -Dfile.encoding=UTF-8 \
  -Xlog:disable -Xlog:all=warning:stderr -XX:+DisplayVMOutputToStderr \
  -Dkubeaudit.app.home="$APP_DIR" $KUBE_AUDIT_JAVA_OPTS \
  -jar "$APP_DIR/jars/kube_audit_analytics.jar" "$COMMAND"
