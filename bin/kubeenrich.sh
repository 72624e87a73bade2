#!/bin/sh
# Starts the kubeenrich search command, or the entry point named by $1: kubebaseline.sh and the
# modular input launchers (kube_audit_file.sh, kube_audit_webhook.sh) pass their own name, so all
# share this launcher. For a search command (commands.conf, chunked = true) stdin/stdout carry the
# chunked protocol; for a modular input stdout is the event stream. So nothing here writes to
# stdout except the search-protocol error reply below. Java 17+ is looked for in KUBE_AUDIT_JAVA,
# then JAVA_HOME, then PATH. Only shell built-ins are used until Java is found, so the error
# reply works on a host with an empty PATH.

case "$0" in
  */*) BIN_DIR=${0%/*} ;;
  *) BIN_DIR=. ;;
esac
APP_DIR=$(cd "$BIN_DIR/.." && pwd -P)
COMMAND=kubeenrich
case "$1" in
  kubeenrich|kubebaseline|kube_audit_file|kube_audit_webhook) COMMAND=$1; shift ;;
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
  case "$COMMAND" in
    kube_audit_*)
      # A modular input: stdout is the event stream, so the reason goes to stderr (splunkd.log) as an ERROR line.
      echo "ERROR $COMMAND: no Java found. Kubernetes Audit Analytics needs Java 17 or later on the hosts that run its inputs. Install a Java 17+ runtime, then set JAVA_HOME (or KUBE_AUDIT_JAVA=/path/to/bin/java) in \$SPLUNK_HOME/etc/splunk-launch.conf and restart Splunk." >&2
      exit 1 ;;
  esac
  # Answer splunkd's getinfo with a protocol error the user sees in the search, then exit non-zero.
  IFS= read -r header
  msg=$COMMAND': no Java found. Kubernetes Audit Analytics needs Java 17 or later on every Splunk host that runs searches (search heads and indexers). Install a Java 17+ runtime, then set JAVA_HOME (or KUBE_AUDIT_JAVA=/path/to/bin/java) in $SPLUNK_HOME/etc/splunk-launch.conf and restart Splunk.'
  meta="{\"finished\":true,\"error\":\"$msg\"}"
  printf 'chunked 1.0,%s,0\n%s' "${#meta}" "$meta"
  exit 1
fi

# JVM messages go to stderr (splunkd's search.log), never to stdout, which carries the protocol.
# Flags that make the JVM print to stdout (-XX:StartFlightRecording prints a banner there) must not
# be added through KUBE_AUDIT_JAVA_OPTS. The JIT keeps its default inlining: limiting it
# (-XX:FreqInlineSize=100, tried) saves compile time in the first seconds but halves the speed of
# the JSON reader once warm, and a search over a million events is 35 % slower (bench/README.md).
# What does pay is not inlining methods already compiled into more than 500 bytes of machine code
# (-XX:InlineSmallCode=500; 2,500 by default): C2 spends ~15 % less CPU compiling our large label
# predicates again into each caller, which on a 2-core host is CPU the search gets back.
# -XX:-UseProfiledLoopPredicate: C2's loop checks hoisted on the strength of the profile fail on our
# row-writing and timestamp loops; each failure throws the compiled method away and C2 compiles it
# again (RecordBatch.moveTo four times, 0.3-0.5 s each). Without them C2 spends ~25 % less time and a
# 1,000,000-event search ~12 % less CPU (bench/README.md).
# An input that ran out of memory exits, so that splunkd restarts it (interval = 0) and the API
# server resends what was not acknowledged.
# KUBE_AUDIT_JAVA_OPTS reaches every command and input; KUBE_AUDIT_SEARCH_JAVA_OPTS only the search
# commands and KUBE_AUDIT_INPUT_JAVA_OPTS only the inputs, and each comes after it, so it wins. A host
# may want C1 alone (-XX:TieredStopAtLevel=1) for its small, frequent searches, which it makes about
# twice as fast, but not for a webhook input that runs for weeks (bench/README.md).
TUNING=
case "$COMMAND" in
  kube_audit_*) TUNING=-XX:+ExitOnOutOfMemoryError; ROLE_OPTS=$KUBE_AUDIT_INPUT_JAVA_OPTS ;;
  *) ROLE_OPTS=$KUBE_AUDIT_SEARCH_JAVA_OPTS ;;
esac
JAR=$APP_DIR/jars/kube_audit_analytics.jar

# Class-data sharing, only with KUBE_AUDIT_CDS=on: the first run on a host writes an archive of the
# classes it loaded (for this Java and this jar: the name changes when either does); later runs map
# it, if this user owns it and its folder (in a shared temporary folder another user could have
# planted one). The archive is written under a temporary name and renamed, so a concurrent search
# never maps half a file; if anything fails the command simply runs without it. It is off by
# default: it answers getinfo about 20 ms sooner, but long searches ran 5-25 % slower with most of
# the archives Java 17 wrote, by chance of the archive (bench/README.md, "Short searches and the JIT").
CDS=
TMP_ARCHIVE=
case "$COMMAND" in
  kubeenrich|kubebaseline)
    if [ "$KUBE_AUDIT_CDS" = on ]; then
      if [ -n "$SPLUNK_HOME" ] && [ -d "$SPLUNK_HOME/var/run" ]; then
        CDS_DIR=$SPLUNK_HOME/var/run/kube_audit_analytics
      else
        CDS_DIR=${TMPDIR:-/tmp}/kube_audit_analytics-$(id -u 2>/dev/null)
      fi
      # the JVM library too: a Java update in place may leave bin/java as it was
      JAVA_REAL=$(readlink -f "$JAVA" 2>/dev/null) || JAVA_REAL=$JAVA
      KEY=$( (echo "$JAVA"; ls -lnL "$JAVA" "${JAVA_REAL%/bin/java}/lib/server/libjvm.so" "$JAR") 2>/dev/null \
        | cksum 2>/dev/null)
      KEY=${KEY%% *}
      ARCHIVE=$CDS_DIR/$COMMAND-$KEY.jsa
      if [ -z "$KEY" ]; then
        :
      elif case "$ARCHIVE" in *[[:space:]]*) true ;; *) false ;; esac; then
        : # the JVM options below are split on blanks
      elif [ -f "$ARCHIVE" ] && [ -O "$ARCHIVE" ] && [ -O "$CDS_DIR" ]; then
        CDS="-XX:SharedArchiveFile=$ARCHIVE -Xshare:auto"
      elif (umask 077 && mkdir -p "$CDS_DIR") 2>/dev/null && [ -O "$CDS_DIR" ] && [ -w "$CDS_DIR" ] \
          && [ ! -e "$ARCHIVE" ]; then
        TMP_ARCHIVE=$ARCHIVE.$$.tmp
        # writing the archive lists, as warnings, the classes it leaves out: not worth lines in search.log
        CDS="-XX:ArchiveClassesAtExit=$TMP_ARCHIVE -Xlog:cds*=off:stderr"
      fi
    fi ;;
esac

set -- -XX:+UseSerialGC -XX:-UsePerfData -XX:InlineSmallCode=500 -XX:-UseProfiledLoopPredicate $TUNING -Xss1m -Xms32m -Xmx1g -Dfile.encoding=UTF-8 \
  -Xlog:disable -Xlog:all=warning:stderr -XX:+DisplayVMOutputToStderr $CDS \
  -Dkubeaudit.app.home="$APP_DIR" $KUBE_AUDIT_JAVA_OPTS $ROLE_OPTS -jar "$JAR" "$COMMAND" "$@"
if [ -z "$TMP_ARCHIVE" ]; then
  exec "$JAVA" "$@"
fi
"$JAVA" "$@"
rc=$?
# An archive from a run that failed is set aside under one fixed name (replaced each time, so nothing
# piles up) and the next search writes a new one.
if [ $rc -eq 0 ] && [ -s "$TMP_ARCHIVE" ]; then
  mv -f "$TMP_ARCHIVE" "$ARCHIVE" 2>/dev/null
elif [ -e "$TMP_ARCHIVE" ]; then
  mv -f "$TMP_ARCHIVE" "$CDS_DIR/$COMMAND.discarded" 2>/dev/null
fi
exit $rc
