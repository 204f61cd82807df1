# Shared by the reload benchmarks: start a throwaway fdtserver from the built installation.
# Environment: FDT_HOME (installation, default launcher/target/fdtserver), WORKERS (default 2),
# JVM_OPTIONS (worker.jvm_options; default: the installation's), WORKER_JAVA (worker.java),
# CLASS_CACHE (worker.class_cache: auto or off; default: the installation's),
# HTTP_PORT (default 18080), ECHO_PORT (default 17000), KEEP_LOG (copy the server log there at the end).

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
FDT_HOME=${FDT_HOME:-$top/launcher/target/fdtserver}
WORKERS=${WORKERS:-2}
HTTP_PORT=${HTTP_PORT:-18080}
ECHO_PORT=${ECHO_PORT:-17000}
FDT=$FDT_HOME/bin/fdtserver

if [ ! -x "$FDT" ]; then
    echo "no installation at $FDT_HOME: run 'mvn -B -q -DskipTests package' at the top first" >&2
    exit 2
fi

work=$(mktemp -d /tmp/fdt-bench.XXXXXX)
conf=$work/fdtserver.properties
{
    echo "workers=$WORKERS"
    echo "listeners=echo,http"
    echo "listener.echo.address=127.0.0.1:$ECHO_PORT"
    echo "listener.http.address=127.0.0.1:$HTTP_PORT"
    echo "run_dir=$work/run"
    echo "data_dir=$work/data"
    echo "log_dir=$work/log"
    echo "bundles_dir=$FDT_HOME/bundles"
    echo "idle_timeout=0"
    [ -n "$JVM_OPTIONS" ] && echo "worker.jvm_options=$JVM_OPTIONS"
    [ -n "$WORKER_JAVA" ] && echo "worker.java=$WORKER_JAVA"
    [ -n "$CLASS_CACHE" ] && echo "worker.class_cache=$CLASS_CACHE"
} > "$conf"

server_pid=
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        "$FDT" stop --config "$conf" > /dev/null
    fi
    if [ -n "$KEEP_LOG" ]; then cp "$work/server.log" "$KEEP_LOG"; fi
    rm -rf "$work"
}
trap stop_server EXIT

start_server() {
    "$FDT" run --config "$conf" > "$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 300); do
        if "$FDT" status --config "$conf" 2>/dev/null | grep -q "^generation 1 SERVING"; then
            return 0
        fi
        sleep 0.1
    done
    echo "the server did not get ready; its log:" >&2
    tail -30 "$work/server.log" >&2
    exit 1
}
