#!/bin/sh
# Reload latency: HUP -> every new worker READY (the launcher measures it from the HUP, so the
# bundle snapshot is included), over RELOADS reloads (default 10); prints each and the median.
# See lib.sh for the environment it takes (WORKERS, JVM_OPTIONS, WORKER_JAVA, ...).
set -e
. "$(dirname "$0")/lib.sh"
RELOADS=${RELOADS:-10}

start_server
echo "fdtserver reload latency: $WORKERS workers, worker java ${WORKER_JAVA:-(launcher's)}, options ${JVM_OPTIONS:-(installation default)}"
times=
for i in $(seq 1 "$RELOADS"); do
    # Let the previous generation's workers drain and exit, so each reload starts at idle.
    while "$FDT" status --config "$conf" | grep -q " DRAINING "; do sleep 0.1; done
    out=$("$FDT" reload --config "$conf")
    ms=$(echo "$out" | sed -n 's/.*workers ready in \([0-9]*\) ms.*/\1/p')
    if [ -z "$ms" ]; then
        echo "reload $i failed: $out" >&2
        exit 1
    fi
    echo "reload $i: $ms ms"
    times="$times $ms"
done
echo "$times" | tr ' ' '\n' | grep . | sort -n | awk '{ a[NR] = $1 } END {
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    printf "median of %d reloads: %d ms (min %d, max %d)\n", NR, m, a[1], a[NR] }'
