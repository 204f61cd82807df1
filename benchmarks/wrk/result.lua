-- Prints wrk's figures as the one RESULT line run.sh parses (the echo load generator prints
-- the same fields). Latencies are in microseconds; errors add connect, read, write and
-- timeout errors and non-2xx/3xx answers.
done = function(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f p50_us=%d p99_us=%d max_us=%d errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.status + e.timeout))
end
