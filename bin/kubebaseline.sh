#!/bin/sh
# Starts the kubebaseline search command (learns the per-account baseline model) through the
# shared launcher, which finds Java and answers splunkd with a clear error when there is none.
case "$0" in
  */*) BIN_DIR=${0%/*} ;;
  *) BIN_DIR=. ;;
esac
exec /bin/sh "$BIN_DIR/kubeenrich.sh" kubebaseline
