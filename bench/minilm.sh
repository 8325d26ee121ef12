#!/usr/bin/env bash
# Batching gain on the real minilm model (all-MiniLM-L6-v2, fp32, ONNX Runtime), measured in one run.
#
#   bench/minilm.sh [SECONDS] [CLIENTS] [WARMUP_SECONDS]          defaults: 20 64 90
#
# 1. raw:      the model in-process, no HTTP/queue/batcher (dev.inferyx.bench.MiniLmBench), 2 threads calling it
#              back to back with batches of 1, 8 and 32 (1 intra-op thread each, as the server runs it); run before
#              and again after the server runs, and the best batch size of either run counts, so other work on a
#              shared machine flatters raw, never the server.
# 2. batched:  the server as configured by default (max_batch_size 32, max_batch_delay 2ms, 1-2 workers, 1 intra-op
#              thread), result cache off, driven by `inferyx bench` with CLIENTS closed-loop clients over
#              POST /infer?wait=, every input a new text, after WARMUP_SECONDS of the same load (90 s: at ~250
#              requests/s the server's JIT compiler is slow to finish, since code gets hot slowly; CPU outside the
#              model's threads fell from ~0.10 cores 20 s in to ~0.05 at 60 s and ~0.03 from 90 s on (per-thread
#              CPU from /proc, 2026-11-27), and raw, a tight loop around one native call, has no such cost).
# 3. batch 1:  the same server with max_batch_size 1 (batching off).
# All three embed the same kind of text (`inferyx bench --inputs unique`). Client, server and model share the cores,
# so the server rows pay for HTTP and the load generator as well; that is the point of the ratio. To show where
# the CPU went, each server row also gives CPU ms per sentence of the server process (process_cpu_seconds_total
# from /metrics) and of the load generator (its own process), beside raw's CPU ms per sentence.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
seconds="${1:-20}"
clients="${2:-64}"
warmup="${3:-90}"
out="$root/bench-results/minilm-$(date +%Y%m%d-%H%M%S)"
# The load generator runs C1-compiled only. At ~250 requests/s its own work is ~0.05 cores, but the C2 compiler was
# still busy with the HTTP client's code 40 s into a run and cost another 0.08-0.15 cores, taken from the server
# it measures (per-thread CPU from /proc, 2026-11-27: 0.14-0.19 cores with C2, 0.06 C1-only). The server keeps
# the JVM's defaults: its compile cost is part of what is measured.
client_jvm_opts="${MINILM_CLIENT_JVM_OPTS--XX:TieredStopAtLevel=1}"
mkdir -p "$out"
source "$here/lib.sh"
command -v jq >/dev/null || { echo "minilm: jq is required (apt-get install jq)" >&2; exit 1; }

echo "== minilm batching gain: raw ONNX Runtime vs the server batched vs the server at batch 1"
raw_seconds=$(( seconds / 3 > 3 ? seconds / 3 : 3 ))
run_raw() { # label
  "$java_bin" --enable-native-access=ALL-UNNAMED -cp "$root/target/inferyx.jar" dev.inferyx.bench.MiniLmBench \
    1 2 "$raw_seconds" 1,8,32 fp32 unique >"$out/raw-$1.txt" 2>"$out/raw-$1.err"
  sed "s/^/   raw ($1): /" "$out/raw-$1.txt"
}
run_raw before

serve_and_load() { # name max_batch_size max_batch_delay -> prints "rps p50 p99 mean_batch errors server_cpu_ms client_cpu_ms"
  local name="$1" port
  trap cleanup EXIT   # runs in a $(...) subshell, which does not inherit the caller's trap
  port="$(free_port)"
  cat >"$out/$name.yaml" <<YAML
server: {port: $port}
models:
  flaky: ~
  echo: ~
  sim: ~
  minilm: {max_batch_size: $2, max_batch_delay: $3, cache: false}
YAML
  "$root/inferyx" serve --config "$out/$name.yaml" >"$out/$name-serve.log" 2>&1 & pids+=($!)
  wait_ready "http://127.0.0.1:$port/health/ready" || { echo "minilm: see $out/$name-serve.log" >&2; exit 1; }
  INFERYX_JAVA_OPTS="$client_jvm_opts" "$root/inferyx" bench --url "http://127.0.0.1:$port" --model minilm --inputs unique --concurrency "$clients" \
    --duration "${seconds}s" --warmup "${warmup}s" --out "$out/$name" >"$out/$name.txt" 2>"$out/$name.err"
  # CPU per sentence over the measured window: CPU seconds / sentences the server finished in that window.
  jq -r '(.server_metrics_delta.jobs_by_status.done // 0) as $done
         | [.result.throughput_rps, .result.latency_ms.p50, .result.latency_ms.p99,
            (.server_metrics_delta.mean_batch_size // 0), .result.errors,
            (if $done > 0 then (.server_metrics_delta.process_cpu_seconds // 0) * 1000 / $done else 0 end),
            (if $done > 0 then (.load_generator_cpu.cpu_seconds // 0) * 1000 / $done else 0 end)]
         | map(tostring) | join(" ")' \
    "$out/$name/report.json"
  cleanup
}
batched="$(serve_and_load batched 32 2ms)"
single="$(serve_and_load single 1 0ms)"
run_raw after
raw="$(cat "$out"/raw-*.txt | awk '/sentences\/s/ { v = $3 + 0; if (v > best) { best = v; size = $2; cpu = $(NF - 4) } } END { sub(":", "", size); printf "%.0f %s %s", best, size, cpu }')"
read -r raw_rps raw_batch raw_cpu <<<"$raw"
read -r b_rps b_p50 b_p99 b_batch b_err b_cpu b_ccpu <<<"$batched"
read -r s_rps s_p50 s_p99 s_batch s_err s_cpu s_ccpu <<<"$single"

awk -v raw="$raw_rps" -v rb="$raw_batch" -v rc="$raw_cpu" -v br="$b_rps" -v b50="$b_p50" -v b99="$b_p99" -v bb="$b_batch" \
    -v be="$b_err" -v bc="$b_cpu" -v bcc="$b_ccpu" -v sr="$s_rps" -v s50="$s_p50" -v s99="$s_p99" -v sb="$s_batch" \
    -v se="$s_err" -v sc="$s_cpu" -v scc="$s_ccpu" -v loadavg="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
  printf "   %-34s %10s %9s %9s %10s %7s %22s\n", "", "sentences/s", "p50 ms", "p99 ms", "mean batch", "errors",
    "CPU ms/sentence: server"
  printf "   %-34s %10.0f %9s %9s %10s %7s %10.2f (model only)\n", "raw ONNX Runtime, best (batch " rb ")", raw, "-",
    "-", rb, "-", rc
  printf "   %-34s %10.0f %9.1f %9.1f %10.1f %7d %10.2f + %.2f load generator\n", "server, batching on", br, b50, b99,
    bb, be, bc, bcc
  printf "   %-34s %10.0f %9.1f %9.1f %10.1f %7d %10.2f + %.2f load generator\n", "server, max_batch_size 1", sr, s50,
    s99, sb, se, sc, scc
  printf "   => server batched / raw best: %.2f; batched / batch 1: %.2f (load average now %s)\n", br / raw, br / sr, loadavg
  printf "RESULT raw_rps=%.0f raw_batch=%s batched_rps=%.0f batched_p50_ms=%.1f batched_p99_ms=%.1f batched_mean_batch=%.1f single_rps=%.0f single_p50_ms=%.1f single_p99_ms=%.1f ratio_raw=%.2f ratio_single=%.2f raw_cpu_ms=%.2f batched_cpu_ms=%.2f batched_client_cpu_ms=%.2f\n", \
    raw, rb, br, b50, b99, bb, sr, s50, s99, br / raw, br / sr, rc, bc, bcc }'
