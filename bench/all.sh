#!/usr/bin/env bash
# The README's performance table, reproduced in one command (about 5-6 minutes on 2 cores).
#
#   bench/all.sh [SECONDS]          default 8: the measured window of each pipeline / reuse run
#
# Runs, one after another so they do not compete for the cores:
#   1. pipeline overhead   bench/pipeline.sh part 1 (echo through the engine vs a bare Helidon handler; needs wrk)
#   2. minilm batching     bench/minilm.sh (server batched vs raw ONNX Runtime vs server at batch 1)
#   3. autoscaler step     bench/autoscale.sh (time to the needed workers, and back to min)
#   4. result reuse        bench/reuse.sh (cache + coalescing off vs on, the seed's input mix)
#   5. embedded vs Redis   bench/redis.sh (echo jobs/s in memory vs serve --redis vs gateway + worker; needs
#                          redis-server, and is skipped with a note in the table without it)
# and prints one Markdown table with the command line, the date and the load average. Each part's full output
# goes to bench-results/all-<timestamp>/. The other scenarios' own knobs are their defaults; run them alone to
# change those.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
seconds="${1:-8}"
command -v wrk >/dev/null || { echo "all: wrk is required for the pipeline part (apt-get install wrk)" >&2; exit 1; }
command -v jq >/dev/null || { echo "all: jq is required (apt-get install jq)" >&2; exit 1; }
command -v mvn >/dev/null || { echo "all: mvn is required (bench/reuse.sh compiles its test-scope driver)" >&2; exit 1; }
"$root/inferyx" --version >/dev/null   # finds a JDK 25 (or says how to get one) and builds the jar if stale

part() { # name command... : runs one scenario, its output to the terminal and to $out/name.txt
  local name="$1"; shift
  echo "## $name: $*" >&2
  "$@" 2>&1 | tee "$out/$name.txt" >&2
}

if [[ -n "${BENCH_ALL_REPORT:-}" ]]; then
  # Re-render the table of an earlier run (BENCH_ALL_REPORT=bench-results/all-...) without measuring again.
  out="$(cd "$BENCH_ALL_REPORT" && pwd)"
  source "$out/meta.sh"
else
  out="$root/bench-results/all-$(date +%Y%m%d-%H%M%S)"
  mkdir -p "$out"
  started="$(date -u '+%Y-%m-%d %H:%M UTC')"
  load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
  t0=$SECONDS
  part pipeline env BENCH_PARTS=1 "$here/pipeline.sh" "$seconds" 64
  part minilm "$here/minilm.sh"
  part autoscale "$here/autoscale.sh"
  part reuse "$here/reuse.sh" "$seconds" 64
  if command -v redis-server >/dev/null; then
    part redis "$here/redis.sh" "$seconds" 32
  else
    echo "redis-server is not installed (apt-get install redis-server): embedded vs Redis skipped" >"$out/redis.txt"
  fi
  load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
  elapsed=$((SECONDS - t0))
  declare -p started load_before load_after elapsed >"$out/meta.sh"
fi

# pipeline: "  => pipeline/baseline throughput: 0.36 (13034 vs 36710 req/s)" and the latency line after it
read -r p_ratio p_rps b_rps <<<"$(sed -n 's/.*throughput: \([0-9.]*\) (\([0-9]*\) vs \([0-9]*\) req\/s).*/\1 \2 \3/p' "$out/pipeline.txt")"
read -r p_p50 b_p50 p_p99 b_p99 <<<"$(sed -n 's/.*latency p50 \([0-9.]*\) ms vs \([0-9.]*\) ms, p99 \([0-9.]*\) ms vs \([0-9.]*\) ms.*/\1 \2 \3 \4/p' "$out/pipeline.txt")"
kv() { sed -n "s/^ *RESULT.* $2=\([^ ]*\).*/\1/p" "$out/$1.txt"; }
read -r r_off r_off50 r_off99 <<<"$(awk '$1 == "off" { print $2, $3, $4 }' "$out/reuse.txt")"
read -r r_on r_on50 r_on99 <<<"$(awk '$1 == "on" { print $2, $3, $4 }' "$out/reuse.txt")"
# redis: "  => redis/memory throughput: serve --redis 0.12 (1432 vs 12378 jobs/s), gateway+worker 0.09 (1149 jobs/s)"
read -r d_ratio d_rps m_rps s_ratio s_rps <<<"$(sed -n 's/.*serve --redis \([0-9.]*\) (\([0-9]*\) vs \([0-9]*\) jobs\/s), gateway+worker \([0-9.]*\) (\([0-9]*\) jobs\/s).*/\1 \2 \3 \4 \5/p' "$out/redis.txt" 2>/dev/null)"
if [[ -n "${m_rps:-}" ]]; then
  redis_rows="| embedded vs Redis (\`bench/redis.sh $seconds 32\`, echo, 2 workers) | in memory (\`serve\`) | ${m_rps} jobs/s | |
| | \`serve --redis\` (same process, private redis-server) | ${d_rps} jobs/s | **${d_ratio}** of memory |
| | \`gateway\` + \`worker\` processes on one Redis | ${s_rps} jobs/s | **${s_ratio}** of memory |"
else
  redis_rows="| embedded vs Redis (\`bench/redis.sh\`) | not measured | $(head -n 1 "$out/redis.txt" 2>/dev/null || echo "no output") | |"
fi

{
cat <<EOF
Measured $started with \`bench/all.sh${*:+ $*}\` (load average before ${load_before}, after ${load_after}; $(nproc) cores
shared by client and server; ${elapsed} s in all). Full output: \`${out#"$root"/}\`.

| scenario | what | figure | ratio |
|---|---|---|---|
| pipeline overhead (\`bench/pipeline.sh $seconds 64\`, part 1) | bare Helidon handler, same HTTP + JSON work | ${b_rps} req/s, p50 ${b_p50} ms, p99 ${b_p99} ms | |
| | full pipeline, \`POST /infer?wait=\` on \`echo\` | ${p_rps} req/s, p50 ${p_p50} ms, p99 ${p_p99} ms | **${p_ratio}** of bare |
| minilm batching (\`bench/minilm.sh\`) | raw ONNX Runtime in-process, best batch ($(kv minilm raw_batch)), best of a run before and after the server rows | $(kv minilm raw_rps) sentences/s, $(kv minilm raw_cpu_ms) ms CPU per sentence | |
| | server, batching on (mean batch $(kv minilm batched_mean_batch)) | $(kv minilm batched_rps) sentences/s, p50 $(kv minilm batched_p50_ms) ms, p99 $(kv minilm batched_p99_ms) ms; CPU per sentence $(kv minilm batched_cpu_ms) ms server + $(kv minilm batched_client_cpu_ms) ms load generator | **$(kv minilm ratio_raw)** of raw |
| | server, \`max_batch_size: 1\` | $(kv minilm single_rps) sentences/s, p50 $(kv minilm single_p50_ms) ms, p99 $(kv minilm single_p99_ms) ms | batching gain **$(kv minilm ratio_single)x** |
| autoscaler step (\`bench/autoscale.sh\`: sim 40 req/s per worker, 1..8 workers, 200 req/s step) | load step to the needed workers | $(kv autoscale rise_s) s (peak $(kv autoscale peak_workers) workers) | |
| | load stop to back at min (idle_timeout 3s) | $(kv autoscale fall_s) s | |
| result reuse (\`bench/reuse.sh $seconds 64\`, seed mix) | reuse off | ${r_off} req/s, p50 ${r_off50} ms, p99 ${r_off99} ms | |
| | reuse on (cache + coalescing) | ${r_on} req/s, p50 ${r_on50} ms, p99 ${r_on99} ms | **$(awk -v a="$r_on" -v b="$r_off" 'BEGIN { printf "%.2f", a / b }')x** |
${redis_rows}
EOF
} | tee "$out/table.md"
