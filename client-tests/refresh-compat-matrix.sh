#!/bin/sh
# Rewrites the README's client compatibility matrix (and client-tests/compat-results.tsv) from the cells the client
# tests recorded in their last run under client-tests/target/compat-results/. Cells the run skipped (the real CLIs
# on a machine without Node) keep their committed values. Needs only a JDK 11+ (CompatMatrix.java runs as a
# single-file program). Typical use:
#   ./mvnw verify -pl client-tests -am        # with the CLIs: SWITCHBOARD_CLI_DIR=<npm prefix> (see .ci/run)
#   client-tests/refresh-compat-matrix.sh
set -eu
cd "$(dirname "$0")/.."
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi
exec "$JAVA" client-tests/src/test/java/dev/switchboard/clients/CompatMatrix.java refresh \
  client-tests/target/compat-results client-tests/compat-results.tsv README.md
