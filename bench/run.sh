#!/usr/bin/env bash
# Runs every benchmark scenario of issue 3 against the raw-Netty baseline and Switchboard's chat
# demo (in-memory channel layer), interleaved, each server freshly started per run, and prints
# one markdown table per scenario (also written to bench/results/<time>/summary.md).
#
#   bench/run.sh                      # every scenario, 3 runs per server
#   bench/run.sh --runs 5             # more runs
#   bench/run.sh --warmup 10          # warm-up seconds before each window (default 30)
#   bench/run.sh --quick              # 1 run, short windows: checks the machinery, not figures
#   bench/run.sh --only echo-200      # some scenarios (comma-separated ids)
#   bench/run.sh --against 0e34577    # the baseline is the Switchboard demo at that commit
#
# Scenarios: idle-10k, fanout-10x100, fanout-1x5000, echo-200, burst-4x10, sockets-19k.
# burst-4x10: four rooms of 10 members, every member a sender of bursts of 50 messages at once
# (all-to-all, closed loop: the next burst when the last message is back), so every member's
# consumer is busy with its own client while the others' broadcasts reach it; every message must
# reach every member ("lost" counts those that did not).
# Servers are pinned to core 0 and the load generator to core 1 when taskset exists. Traffic
# stays on loopback (127.0.0.0/8). Only processes this script started are stopped, by PID.
set -euo pipefail
SELF=$(readlink -f "${BASH_SOURCE[0]}")
ROOT=$(cd "$(dirname "$SELF")/.." && pwd)
SCRIPT=run.sh
HELP_LINES=2,19
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

# Load generator arguments per scenario.
# Idle holds the sockets 40 s, past Switchboard's first heartbeat round (25 s), so the reading is
# of sockets in their steady state, pings and pongs included (the baseline sends none).
scenario_args() {
  case $1 in
    idle-10k) echo "--idle 10000 --members 100 --duration 40 --server-gc --processes 2 --source-ips 127.0.0.1,127.0.0.2" ;;
    fanout-10x100) echo "--rooms 10 --members 100 --senders 1 --rate 0 --warmup $WARMUP --duration $DURATION" ;;
    fanout-1x5000) echo "--rooms 1 --members 5000 --senders 1 --rate 20 --warmup $WARMUP --duration $DURATION --source-ips 127.0.0.1,127.0.0.2" ;;
    echo-200) echo "--rooms 200 --members 1 --senders 1 --rate 0 --warmup $WARMUP --duration $DURATION" ;;
    burst-4x10) echo "--rooms 4 --members 10 --senders 10 --burst 50 --rate 0 --warmup $WARMUP --duration $DURATION" ;;
    sockets-19k) echo "--rooms 190 --members 100 --senders 1 --rate 1 --warmup 1 --duration 5 --processes 2 --source-ips 127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4" ;;
    *) return 1 ;;
  esac
}

# A warm-up pass per scenario before the measured run, on the same fresh server, not recorded.
# Idle: 1,000 sockets opened, held past the first heartbeat round (25 s) and closed, so the
# memory read before the measured sockets open already includes the one-time costs of the
# connection and heartbeat paths (JIT-compiled code, allocator arenas), which are not per
# connection. Both servers get the same pass.
scenario_prewarm() {
  case $1 in
    idle-10k) echo "--idle 1000 --members 100 --duration 30" ;;
    *) echo "" ;;
  esac
}

# Extra server JVM flags per scenario. Idle: a small initial heap and tight free ratios, so the
# full GC run before each RSS reading gives memory back and the RSS delta is what the
# connections hold, not garbage from their handshakes.
scenario_jvm() {
  case $1 in
    idle-10k) echo "-Xms32m -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=10" ;;
    *) echo "" ;;
  esac
}

SCENARIOS=(idle-10k fanout-10x100 fanout-1x5000 echo-200 burst-4x10 sockets-19k)
if [[ -n $ONLY ]]; then
  IFS=, read -r -a SCENARIOS <<<"$ONLY"
  for s in "${SCENARIOS[@]}"; do
    scenario_args "$s" >/dev/null || { echo "run.sh: unknown scenario $s" >&2; exit 2; }
  done
fi

# Sockets: 19,000 in one server process needs the open-file limit at the hard limit (lib.sh).
if (( $(ulimit -n) < 19100 )); then
  echo "run.sh: the open-file limit is $(ulimit -n); sockets-19k needs 19,100 (ulimit -n)." >&2
fi

bench_build

OUT="$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
RAW="$OUT/raw.jsonl"
: > "$RAW"
{
  bench_env
  echo "server jvm: ${SERVER_JVM[*]}  pinning: ${SERVER_CPU[*]:-none} / ${CLIENT_CPU[*]:-none}"
} > "$OUT/env.txt"
cat "$OUT/env.txt" >&2

SERVER_PID=""
stop_server() {
  [[ -n $SERVER_PID ]] || return 0
  stop_pid "$SERVER_PID"
  SERVER_PID=""
}
trap 'stop_server; bench_cleanup' EXIT

# start_server KIND PORT LOG [JVM FLAGS...]: starts a fresh server and waits (at most 30 s) for
# its port. Extra JVM flags (the idle scenario's) come after the common ones.
start_server() {
  local kind=$1 port=$2 log=$3
  shift 3
  case $kind in
    baseline)
      if [[ -n $AGAINST ]]; then
        "${SERVER_CPU[@]}" "$JAVA" "${SERVER_JVM[@]}" "$@" -jar "$AGAINST_JAR" demo --port "$port" >"$log" 2>&1 &
      else
        "${SERVER_CPU[@]}" "$JAVA" "${SERVER_JVM[@]}" "$@" -cp "$BENCH_CP" \
          dev.switchboard.bench.BaselineServer --port "$port" >"$log" 2>&1 &
      fi
      ;;
    switchboard)
      "${SERVER_CPU[@]}" "$JAVA" "${SERVER_JVM[@]}" "$@" -jar "$CLI_JAR" demo --port "$port" >"$log" 2>&1 &
      ;;
  esac
  SERVER_PID=$!
  wait_port "$port" "$SERVER_PID" "$log"
}

port=18100
for scenario in "${SCENARIOS[@]}"; do
  read -r -a args <<<"$(scenario_args "$scenario")"
  read -r -a jvm <<<"$(scenario_jvm "$scenario")"
  for run in $(seq 1 "$RUNS"); do
    for kind in baseline switchboard; do
      port=$((port + 1))
      log="$OUT/$scenario-$kind-$run.server.log"
      echo "[$scenario] $kind run $run/$RUNS (port $port)" >&2
      load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo null)
      if ! start_server "$kind" "$port" "$log" "${jvm[@]}"; then
        printf '{"scenario":"%s","server":"%s","run":%d,"error":"server did not start"}\n' \
          "$scenario" "$kind" "$run" >> "$RAW"
        stop_server
        continue
      fi
      read -r -a prewarm <<<"$(scenario_prewarm "$scenario")"
      if (( ${#prewarm[@]} )); then
        echo "  warm-up pass: ${prewarm[*]}" >&2
        "${CLIENT_CPU[@]}" "$JAVA" "${CLIENT_JVM[@]}" -cp "$BENCH_CP" dev.switchboard.bench.LoadGen \
          --port "$port" "${prewarm[@]}" >"$OUT/$scenario-$kind-$run.prewarm.log" 2>&1 \
          || echo "  warm-up pass failed; see $OUT/$scenario-$kind-$run.prewarm.log" >&2
      fi
      sleep 1
      run_loadgen "$RAW" "$(printf '"scenario":"%s","server":"%s","run":%d' "$scenario" "$kind" "$run")" \
        "$OUT/$scenario-$kind-$run.loadgen.log" "$load" \
        --port "$port" --server-pid "$SERVER_PID" "${args[@]}"
      stop_server
    done
  done
done

"$JAVA" -cp "$BENCH_CP" dev.switchboard.bench.Summary "$RAW" > "$OUT/summary.md"
cp "$OUT/summary.md" "$ROOT/bench/results/latest.md"
{ echo; cat "$OUT/env.txt"; echo; } >> "$OUT/summary.md"
cat "$OUT/summary.md"
echo "raw results: $RAW" >&2
