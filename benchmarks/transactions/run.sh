#!/usr/bin/env bash
# Transactions benchmark: two-phase-commit transfers per second through the ledger coordinator
# and two fdtserver instances, against the same SQL sequence over plain JDBC, in one run.
# Needs the installation built first (mvn -B -DskipTests package at the top).
#   benchmarks/transactions/run.sh [--transfers 2000] [--threads 4] [--accounts 200] [--workers 1] [--rounds 3]
#     [--worker-jvm-options OPTS] [--statement-log DIR]   (see README.md)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)
install=${FDT_INSTALL:-$top/launcher/target/fdtserver}
if [ ! -x "$install/bin/fdtserver" ] || [ ! -f "$install/examples/ledger-coordinator.jar" ]; then
    echo "run.sh: no installation at $install: run 'mvn -B -DskipTests package' at the top first" >&2
    exit 1
fi
mvn -B -q -f "$here/pom.xml" compile dependency:build-classpath -Dmdep.outputFile="$here/target/classpath.txt"
exec java -Xmx256m -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" \
    org.fdtserver.benchmarks.transactions.TransactionsBenchmark --install "$install" "$@"
