#!/bin/sh
# Starts the kube_audit_webhook modular input (receives the API server's audit webhook) through the
# shared launcher. splunkd passes --scheme, --validate-arguments or nothing; stdout is the event stream.
case "$0" in
  */*) BIN_DIR=${0%/*} ;;
  *) BIN_DIR=. ;;
esac
exec /bin/sh "$BIN_DIR/kubeenrich.sh" kube_audit_webhook "$@"
