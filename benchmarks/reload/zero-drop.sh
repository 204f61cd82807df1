#!/bin/sh
# Zero-drop reload: wrk with CONNECTIONS keep-alive connections (default 50) on the http example
# for DURATION seconds (default 20) while the launcher gets a HUP every INTERVAL seconds
# (default 2). Target: 0 socket errors, 0 non-2xx responses. Needs wrk (apt-get install -y wrk).
# See lib.sh for the environment it takes.
set -e
. "$(dirname "$0")/lib.sh"
CONNECTIONS=${CONNECTIONS:-50}
DURATION=${DURATION:-20}
INTERVAL=${INTERVAL:-2}
command -v wrk > /dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }

start_server
echo "fdtserver zero-drop reload: $WORKERS workers, wrk -t2 -c$CONNECTIONS -d${DURATION}s, HUP every ${INTERVAL}s"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$HTTP_PORT/" > "$work/wrk.out" 2>&1 &
wrk_pid=$!
hups=0
elapsed=0
while [ "$elapsed" -lt $((DURATION - INTERVAL)) ]; do
    sleep "$INTERVAL"
    elapsed=$((elapsed + INTERVAL))
    kill -HUP "$server_pid"
    hups=$((hups + 1))
done
wait "$wrk_pid"
cat "$work/wrk.out"
served=$(grep -c "STARTING -> SERVING" "$work/server.log" || true)
aborted=$(grep -c "STARTING -> ABORTED" "$work/server.log" || true)
echo "HUPs sent: $hups; generations that served: $served (the first included), aborted: $aborted"
if grep -q "Socket errors\|Non-2xx" "$work/wrk.out"; then
    echo "RESULT: errors (see the Socket errors / Non-2xx lines above)"
else
    echo "RESULT: 0 socket errors, 0 non-2xx responses"
fi
