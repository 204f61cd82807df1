#!/usr/bin/env bash
# The fdtserver benchmark suite: one command, one machine.
#
#   benchmarks/run.sh            build, then measure fdtserver and the hand-written Netty baseline
#   benchmarks/run.sh --soak [S] run fdtserver alone under http and echo load for S seconds
#                                (default 300) and sample every worker's resident memory
#   benchmarks/run.sh --no-build skip `mvn package` (use what target/ holds)
#   benchmarks/run.sh --report   only redraw the plot and rewrite RESULTS.md from results/*.tsv
#
# What a run does: it starts fdtserver (the packaged installation, example bundles, 2 workers
# with 1 event loop each) and the baseline (one JVM, 2 event loops, the same JVM options as the
# workers) side by side on their own ports, records each process's idle memory, then drives
# them in turn, step by step, fdtserver first and the baseline right after it, so that other
# load on a shared machine falls on both alike (an idle server costs no CPU):
#   1. cold: the first load each sees, http GET / then echo request/response, 64 connections;
#   2. warm-up (not recorded), then warm: http GET / and echo request/response at each of
#      BENCH_CONNECTIONS, and echo pipelined (16 lines in flight) at 64 connections;
#   3. memory at rest, then both are stopped.
# Every step records requests/s, p50/p99/max latency, errors, and each process's CPU seconds
# spent during the step and resident memory after it. Then it prints the tables with the
# ratio fdtserver / baseline, draws results/throughput.png (gnuplot) and rewrites the results
# section of benchmarks/RESULTS.md.
#
# Load tools: wrk for HTTP (installed with apt-get if missing), the echo load generator of
# this module (org.fdtserver.benchmarks.echo.EchoLoad) for the line protocol. Both run on
# this machine and share its cores with the server, as in the reference figures of issue 5.
#
# Environment (defaults in brackets): BENCH_SECONDS [6] per measured step,
# BENCH_WARMUP_SECONDS [10] per protocol, BENCH_CONNECTIONS ["1 8 64 256"],
# BENCH_PORT_BASE [17100] (fdtserver echo/http on BASE/BASE+1, baseline on BASE+2/BASE+3).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd -P)
ROOT=$(dirname "$BENCH_DIR")
HOME_DIR=$ROOT/launcher/target/fdtserver
RESULTS=$BENCH_DIR/results
WORK=$BENCH_DIR/target/run
SECONDS_PER_STEP=${BENCH_SECONDS:-6}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-"1 8 64 256"}
PORT_BASE=${BENCH_PORT_BASE:-17100}
PIPELINE_DEPTH=16
WORKERS=2

MODE=compare
SOAK_SECONDS=300
BUILD=yes
while [ $# -gt 0 ]; do
    case $1 in
        --soak) MODE=soak; if [ $# -gt 1 ] && [[ $2 =~ ^[0-9]+$ ]]; then SOAK_SECONDS=$2; shift; fi ;;
        --no-build) BUILD=no ;;
        --report) MODE=report ;;
        *) echo "usage: $0 [--no-build] [--soak [seconds] | --report]" >&2; exit 2 ;;
    esac
    shift
done

# ------------------------------------------------------------------ tools and build

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

install_tools() {
    local missing=()
    command -v wrk >/dev/null || missing+=(wrk)
    command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
    command -v curl >/dev/null || missing+=(curl)
    if [ ${#missing[@]} -gt 0 ]; then
        log "installing ${missing[*]} from Debian packages"
        local sudo=; [ "$(id -u)" -eq 0 ] || sudo=sudo
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

build() {
    log "building the installation and the benchmark programs (mvn package)"
    (cd "$ROOT" && mvn -B -q -DskipTests package)
}

BENCH_CP="$BENCH_DIR/target/classes:$BENCH_DIR/target/lib/*"
# The baseline JVM gets the workers' JVM options, so the comparison is about the servers.
jvm_options() {
    sed -n 's/^[[:space:]]*worker\.jvm_options[[:space:]]*=[[:space:]]*//p' "$HOME_DIR/config/fdtserver.properties" | tail -1
}

# ------------------------------------------------------------------ processes

CLK_TCK=$(getconf CLK_TCK)
declare -a PROC_NAMES=() PROC_PIDS=()
SERVER_PID=
# What select_server switches between: each started server's ports and processes.
declare -A SERVER_PORTS=() SERVER_PROCS=()

cpu_seconds() { # utime + stime of a process, in seconds
    awk -v hz="$CLK_TCK" '{ sub(/.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}
rss_mb() {
    awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo 0
}

await() { # await <seconds> <description> <command...>
    local deadline=$((SECONDS + $1)) what=$2; shift 2
    until "$@" >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then log "gave up waiting for $what"; return 1; fi
        sleep 0.2
    done
}

echo_answers() { # echo_answers <port>: one line comes back
    exec 9<>"/dev/tcp/127.0.0.1/$1" || return 1
    printf 'ping\n' >&9
    local line; read -r -t 2 line <&9; exec 9>&-
    [ "$line" = ping ]
}
workers_up() { [ "$(pgrep -P "$SERVER_PID" | wc -l)" -ge "$WORKERS" ]; }
fdtserver_ready() {
    workers_up && curl -sf "http://127.0.0.1:$HTTP_PORT/" >/dev/null && echo_answers "$ECHO_PORT" \
        && [ "$("$HOME_DIR/bin/fdtserver" status --config "$WORK/fdtserver.properties" | grep -c READY)" -ge "$WORKERS" ]
}

start_fdtserver() {
    ECHO_PORT=$PORT_BASE HTTP_PORT=$((PORT_BASE + 1))
    rm -rf "$WORK/fdtserver" && mkdir -p "$WORK/fdtserver"
    cat > "$WORK/fdtserver.properties" <<EOF
# written by benchmarks/run.sh: the installation's defaults, 2 workers, private ports and directories
workers=$WORKERS
listeners=echo,http
listener.echo.address=127.0.0.1:$ECHO_PORT
listener.http.address=127.0.0.1:$HTTP_PORT
worker.jvm_options=$(jvm_options)
run_dir=$WORK/fdtserver/run
data_dir=$WORK/fdtserver/data
log_dir=$WORK/fdtserver/log
bundles_dir=$HOME_DIR/bundles
EOF
    log "starting fdtserver ($WORKERS workers; echo :$ECHO_PORT, http :$HTTP_PORT)"
    "$HOME_DIR/bin/fdtserver" run --config "$WORK/fdtserver.properties" > "$WORK/fdtserver.log" 2>&1 &
    SERVER_PID=$!
    await 90 "fdtserver to serve (see $WORK/fdtserver.log)" fdtserver_ready
    PROC_NAMES=(launcher) PROC_PIDS=("$SERVER_PID")
    local i=0 pid
    for pid in $(pgrep -P "$SERVER_PID" | sort -n); do
        PROC_NAMES+=("worker-$i") PROC_PIDS+=("$pid"); i=$((i + 1))
    done
}

start_baseline() {
    ECHO_PORT=$((PORT_BASE + 2)) HTTP_PORT=$((PORT_BASE + 3))
    log "starting the Netty baseline ($WORKERS event loops; echo :$ECHO_PORT, http :$HTTP_PORT)"
    # shellcheck disable=SC2046
    java $(jvm_options) -cp "$BENCH_CP" org.fdtserver.benchmarks.baseline.BaselineServer \
        "$ECHO_PORT" "$HTTP_PORT" "$WORKERS" > "$WORK/baseline.log" 2>&1 &
    SERVER_PID=$!
    await 30 "the baseline to serve (see $WORK/baseline.log)" \
        bash -c "curl -sf http://127.0.0.1:$HTTP_PORT/ && exec 9<>/dev/tcp/127.0.0.1/$ECHO_PORT"
    PROC_NAMES=(baseline) PROC_PIDS=("$SERVER_PID")
}

start_server() { # start_server <fdtserver|baseline>, remembered for select_server
    "start_$1"
    SERVER_PORTS[$1]="$ECHO_PORT $HTTP_PORT"
    local i procs=
    for i in "${!PROC_PIDS[@]}"; do procs+="${PROC_NAMES[i]}=${PROC_PIDS[i]} "; done
    SERVER_PROCS[$1]=$procs
}

select_server() { # select_server <name>: the ports and processes the next steps use
    read -r ECHO_PORT HTTP_PORT <<<"${SERVER_PORTS[$1]}"
    PROC_NAMES=() PROC_PIDS=()
    local p
    for p in ${SERVER_PROCS[$1]}; do PROC_NAMES+=("${p%%=*}") PROC_PIDS+=("${p#*=}"); done
    SERVER_PID=${PROC_PIDS[0]}
}

stop_server() { # stop_server <name>
    [ -n "${SERVER_PROCS[$1]:-}" ] || return 0
    select_server "$1"
    if [ "$1" = fdtserver ]; then
        "$HOME_DIR/bin/fdtserver" stop --config "$WORK/fdtserver.properties" >/dev/null 2>&1 || kill "$SERVER_PID" 2>/dev/null || true
    else
        kill "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    unset "SERVER_PROCS[$1]"
}
stop_all() {
    stop_server fdtserver
    stop_server baseline
}
trap stop_all EXIT

# ------------------------------------------------------------------ load

load() { # load <target> <connections> <seconds>: prints the RESULT line
    local target=$1 conns=$2 secs=$3 threads=2
    [ "$conns" -ge 2 ] || threads=1
    case $target in
        http) wrk -t"$threads" -c"$conns" -d"${secs}s" -s "$BENCH_DIR/wrk/result.lua" "http://127.0.0.1:$HTTP_PORT/" ;;
        echo) java -XX:TieredStopAtLevel=1 -cp "$BENCH_CP" org.fdtserver.benchmarks.echo.EchoLoad 127.0.0.1 "$ECHO_PORT" "$conns" "$secs" 1 "$threads" ;;
        echo-pipelined) java -XX:TieredStopAtLevel=1 -cp "$BENCH_CP" org.fdtserver.benchmarks.echo.EchoLoad 127.0.0.1 "$ECHO_PORT" "$conns" "$secs" "$PIPELINE_DEPTH" "$threads" ;;
    esac | grep '^RESULT ' || echo "RESULT requests=0 duration_s=0 rps=0 p50_us=0 p99_us=0 max_us=0 errors=-1"
}

field() { # field <RESULT line> <name>
    sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"
}

measure() { # measure <server> <target> <phase> <connections>
    local server=$1 target=$2 phase=$3 conns=$4 i before=()
    for i in "${!PROC_PIDS[@]}"; do before[i]=$(cpu_seconds "${PROC_PIDS[i]}"); done
    local result; result=$(load "$target" "$conns" "$SECONDS_PER_STEP")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$target" "$phase" "$conns" \
        "$(field "$result" rps)" "$(field "$result" p50_us)" "$(field "$result" p99_us)" \
        "$(field "$result" max_us)" "$(field "$result" errors)" "$(field "$result" requests)" >> "$WORK/steps.tsv"
    for i in "${!PROC_PIDS[@]}"; do
        local after; after=$(cpu_seconds "${PROC_PIDS[i]}")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$target" "$phase" "$conns" "${PROC_NAMES[i]}" \
            "$(awk -v a="$after" -v b="${before[i]}" 'BEGIN { printf "%.2f", a - b }')" \
            "$(rss_mb "${PROC_PIDS[i]}")" >> "$WORK/procs.tsv"
    done
    log "$server $target $phase c=$conns: $(field "$result" rps) req/s, p99 $(field "$result" p99_us) us, errors $(field "$result" errors)"
}

record_memory() { # record_memory <server> <when>
    local i
    for i in "${!PROC_PIDS[@]}"; do
        printf '%s\t%s\t%s\t%s\n' "$1" "$2" "${PROC_NAMES[i]}" "$(rss_mb "${PROC_PIDS[i]}")" >> "$WORK/memory.tsv"
    done
}

SERVERS="fdtserver baseline"

both() { # both <target> <phase> <connections>: the step on fdtserver, then on the baseline
    local server
    for server in $SERVERS; do
        select_server "$server"
        measure "$server" "$@"
    done
}

bench() {
    local server c
    for server in $SERVERS; do start_server "$server"; done
    for server in $SERVERS; do select_server "$server"; record_memory "$server" idle; done
    both http cold 64
    both echo cold 64
    for server in $SERVERS; do
        log "$server: warming up for ${WARMUP_SECONDS} s per protocol"
        select_server "$server"
        load http 64 "$WARMUP_SECONDS" >/dev/null
        load echo 64 "$WARMUP_SECONDS" >/dev/null
    done
    for c in $CONNECTIONS; do both http warm "$c"; done
    for c in $CONNECTIONS; do both echo warm "$c"; done
    both echo-pipelined warm 64
    for server in $SERVERS; do select_server "$server"; record_memory "$server" "after load"; done
    stop_all
}

# ------------------------------------------------------------------ report

ms() { awk -v us="$1" 'BEGIN { printf (us < 10000 ? "%.2f" : "%.0f"), us / 1000 }'; }

report() { # the markdown tables, from the raw files
    echo "| target | connections | phase | fdtserver req/s | baseline req/s | ratio | fdtserver p50 / p99 / max ms | baseline p50 / p99 / max ms | p99 ratio | errors fdt / base |"
    echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    awk -F'\t' '$1 == "fdtserver"' "$RESULTS/steps.tsv" | while IFS=$'\t' read -r _ target phase conns rps p50 p99 max errors _; do
        local base; base=$(awk -F'\t' -v t="$target" -v p="$phase" -v c="$conns" \
            '$1 == "baseline" && $2 == t && $3 == p && $4 == c { print; exit }' "$RESULTS/steps.tsv")
        local brps= bp50= bp99= bmax= berrors=
        IFS=$'\t' read -r _ _ _ _ brps bp50 bp99 bmax berrors _ <<<"$base"
        printf '| %s | %s | %s | %.0f | %.0f | %s | %s / %s / %s | %s / %s / %s | %s | %s / %s |\n' \
            "$target" "$conns" "$phase" "$rps" "${brps:-0}" \
            "$(awk -v a="$rps" -v b="${brps:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" \
            "$(ms "$p50")" "$(ms "$p99")" "$(ms "$max")" "$(ms "${bp50:-0}")" "$(ms "${bp99:-0}")" "$(ms "${bmax:-0}")" \
            "$(awk -v a="$p99" -v b="${bp99:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')" \
            "$errors" "${berrors:-?}"
    done
    echo
    echo "CPU seconds each process spent during the step, the server's CPU time per request (all its"
    echo "processes; less sensitive to other load on the machine than requests/s), and each process's"
    echo "resident memory (MB) after the step:"
    echo
    echo "| server | target | connections | phase | CPU s | CPU us/request | RSS MB |"
    echo "| --- | --- | ---: | --- | --- | ---: | --- |"
    awk -F'\t' '
        FNR == NR { requests[$1 "\t" $2 "\t" $4 "\t" $3] = $10; next }
        { key = $1 "\t" $2 "\t" $4 "\t" $3
          sep = (key in cpu) ? ", " : ""
          if (sep == "") order[n++] = key
          cpu[key] = cpu[key] sep $5 " " $6
          total[key] += $6
          rss[key] = rss[key] sep $5 " " $7 }
        END { for (i = 0; i < n; i++) { key = order[i]; split(key, k, "\t")
                per = requests[key] > 0 ? sprintf("%.1f", total[key] * 1e6 / requests[key]) : "-"
                printf "| %s | %s | %s | %s | %s | %s | %s |\n", k[1], k[2], k[3], k[4], cpu[key], per, rss[key] } }' \
        "$RESULTS/steps.tsv" "$RESULTS/procs.tsv"
    echo
    echo "Resident memory (MB) of each process, idle after start and at rest after the load:"
    echo
    echo "| server | when | RSS MB |"
    echo "| --- | --- | --- |"
    awk -F'\t' '
        { key = $1 "\t" $2; sep = (key in m) ? ", " : ""; if (sep == "") order[n++] = key; m[key] = m[key] sep $3 " " $4 }
        END { for (i = 0; i < n; i++) { split(order[i], k, "\t"); printf "| %s | %s | %s |\n", k[1], k[2], m[order[i]] } }' \
        "$RESULTS/memory.tsv"
}

targets() { # the issue's targets against this run's figures
    awk -F'\t' '
        $3 == "warm" && $4 == 64 { rps[$1, $2] = $5; p99[$1, $2] = $7 }
        function verdict(ok) { return ok ? "met" : "MISSED" }
        END {
            r = rps["baseline", "http"] ? rps["fdtserver", "http"] / rps["baseline", "http"] : 0
            q = p99["baseline", "http"] ? p99["fdtserver", "http"] / p99["baseline", "http"] : 0
            e = rps["baseline", "echo"] ? rps["fdtserver", "echo"] / rps["baseline", "echo"] : 0
            printf "- http GET /, 64 connections, warm: requests/s ratio %.2f (target >= 0.90): %s\n", r, verdict(r >= 0.90)
            printf "- http GET /, 64 connections, warm: p99 ratio %.2f (target <= 1.20): %s\n", q, verdict(q > 0 && q <= 1.20)
            printf "- echo request/response, 64 connections, warm: requests/s ratio %.2f (target >= 0.90): %s\n", e, verdict(e >= 0.90)
        }' "$RESULTS/steps.tsv"
}

machine() {
    local cpu; cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC'):"
    echo
    echo "- CPU: ${cpu:-unknown}, $(nproc) cores online; $(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo) RAM"
    echo "- OS: $(uname -sr); $(java -version 2>&1 | head -1); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
    echo "- fdtserver: $WORKERS workers x 1 event loop, worker.jvm_options \`$(jvm_options)\`; baseline: 1 JVM, $WORKERS event loops, the same options"
    echo "- load: wrk and the echo load generator on the same machine, 2 threads each (1 for 1 connection); ${SECONDS_PER_STEP} s per step after ${WARMUP_SECONDS} s of warm-up per protocol; load average (1/5/15 min) before the run $LOAD_BEFORE, after it $(cut -d' ' -f1-3 /proc/loadavg)"
}

plot() {
    local f
    for f in http echo; do
        awk -F'\t' -v t="$f" '$3 == "warm" && $2 == t && $1 == "fdtserver" { print $4, $5, $7 / 1000 }' "$RESULTS/steps.tsv" > "$WORK/$f-fdtserver.dat"
        awk -F'\t' -v t="$f" '$3 == "warm" && $2 == t && $1 == "baseline" { print $4, $5, $7 / 1000 }' "$RESULTS/steps.tsv" > "$WORK/$f-baseline.dat"
    done
    gnuplot <<EOF
set terminal pngcairo size 1200,800 font ",10"
set output "$RESULTS/throughput.png"
set multiplot layout 2,2 title "fdtserver (2 workers) vs hand-written Netty (2 event loops), warm, $(date -u +%Y-%m-%d)"
set logscale x 2
set xtics (1, 8, 64, 256)
set xrange [0.7:370]
set xlabel "connections"
set grid
set key top left
set format y "%.0f"
do for [t in "http echo"] {
  set title t eq "http" ? "http GET / (wrk): requests/s" : "echo request/response: requests/s"
  set ylabel "requests/s"
  set yrange [0:*]
  plot "$WORK/".t."-fdtserver.dat" using 1:2 with linespoints lw 2 title "fdtserver", \
       "$WORK/".t."-baseline.dat" using 1:2 with linespoints lw 2 title "Netty baseline"
  set title t eq "http" ? "http GET / (wrk): p99 latency" : "echo request/response: p99 latency"
  set ylabel "p99 ms"
  set format y "%.1f"
  plot "$WORK/".t."-fdtserver.dat" using 1:3 with linespoints lw 2 title "fdtserver", \
       "$WORK/".t."-baseline.dat" using 1:3 with linespoints lw 2 title "Netty baseline"
  set format y "%.0f"
}
unset multiplot
EOF
}

write_page() { # replaces the generated section of RESULTS.md
    local page=$BENCH_DIR/RESULTS.md section=$WORK/section.md
    {
        echo "<!-- results:begin (written by benchmarks/run.sh; edit outside these markers) -->"
        cat "$RESULTS/machine.md"
        echo
        echo "Targets (issue 5):"
        echo
        targets
        echo
        report
        echo
        echo "![requests/s and p99 against connections](results/throughput.png)"
        echo "<!-- results:end -->"
    } > "$section"
    awk -v section="$section" '
        /<!-- results:begin/ { while ((getline line < section) > 0) print line; skip = 1; next }
        /<!-- results:end/ { skip = 0; next }
        !skip' "$page" > "$page.new" && mv "$page.new" "$page"
}

# ------------------------------------------------------------------ soak

soak() {
    start_server fdtserver
    local samples=$RESULTS/soak.tsv i
    printf 'seconds' > "$samples"
    for i in "${!PROC_NAMES[@]}"; do printf '\t%s_rss_mb' "${PROC_NAMES[i]}" >> "$samples"; done
    echo >> "$samples"
    log "soak: http (64 connections) and echo (64 connections) together for $SOAK_SECONDS s"
    wrk -t1 -c64 -d"${SOAK_SECONDS}s" -s "$BENCH_DIR/wrk/result.lua" "http://127.0.0.1:$HTTP_PORT/" > "$WORK/soak-http.txt" 2>&1 &
    local wrk_pid=$!
    java -XX:TieredStopAtLevel=1 -cp "$BENCH_CP" org.fdtserver.benchmarks.echo.EchoLoad 127.0.0.1 "$ECHO_PORT" 64 "$SOAK_SECONDS" 1 1 > "$WORK/soak-echo.txt" 2>&1 &
    local echo_pid=$!
    local start=$SECONDS
    while kill -0 "$wrk_pid" 2>/dev/null; do
        printf '%d' $((SECONDS - start)) >> "$samples"
        for i in "${!PROC_PIDS[@]}"; do printf '\t%s' "$(rss_mb "${PROC_PIDS[i]}")" >> "$samples"; done
        echo >> "$samples"
        sleep 10
    done
    wait "$wrk_pid" "$echo_pid" || true
    stop_server fdtserver
    echo "soak http: $(grep '^RESULT' "$WORK/soak-http.txt" || echo 'no result')"
    echo "soak echo: $(grep '^RESULT' "$WORK/soak-echo.txt" || echo 'no result')"
    # Growth is judged on the second half: the first half includes JIT and heap warm-up.
    awk -F'\t' 'NR == 1 { for (i = 2; i <= NF; i++) name[i] = $i; next }
        { rows[++n] = $0 }
        END { for (i = 2; i <= length(name) + 1; i++) {
                split(rows[1], a, "\t"); split(rows[int(n / 2) + 1], m, "\t"); split(rows[n], z, "\t")
                printf "%s: %s MB at start, %s MB at half time, %s MB at the end\n", name[i], a[i], m[i], z[i] } }' "$samples"
}

# ------------------------------------------------------------------ main

install_tools
[ "$BUILD" = no ] || [ "$MODE" = report ] || build
mkdir -p "$WORK" "$RESULTS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$MODE" = soak ]; then
    soak
    exit 0
fi
if [ "$MODE" = compare ]; then
    : > "$WORK/steps.tsv"; : > "$WORK/procs.tsv"; : > "$WORK/memory.tsv"
    bench
    cp "$WORK/steps.tsv" "$WORK/procs.tsv" "$WORK/memory.tsv" "$RESULTS/"
    machine > "$RESULTS/machine.md"
fi
plot
write_page
echo
cat "$RESULTS/machine.md"
echo
report
echo
targets
echo
echo "results page: $BENCH_DIR/RESULTS.md, plot: $RESULTS/throughput.png"
