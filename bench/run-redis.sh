#!/usr/bin/env bash
# Runs the Redis channel layer benchmark of issue 4: for each fan-out scenario, interleaved runs of
# (a) the chat demo on the in-memory layer, one process, and (b) two demo processes on the Redis
# layer sharing one redis-server, every room spread over both, each server freshly started per
# run. Prints one markdown table per scenario (also written to bench/results/redis-<time>/summary.md).
#
#   bench/run-redis.sh                    # both scenarios, 3 runs per layer
#   bench/run-redis.sh --runs 5           # more runs
#   bench/run-redis.sh --warmup 10        # warm-up seconds before each window (default 30)
#   bench/run-redis.sh --quick            # 1 run, short windows: checks the machinery, not figures
#   bench/run-redis.sh --only fanout-10x100
#
# Scenarios: fanout-10x100 (closed loop), fanout-1x5000 (20 messages/s); with --only also
# fanout-1x100-rate20 (1 x 100 at 20 messages/s), background-10x100 and background-1x5000
# (0.5 messages/s: mostly Redis's background CPU).
# The redis-server is started by this script on a free port (no persistence), emptied with
# FLUSHALL before each run, and stopped by PID at the end. Servers and Redis are pinned to core 0
# and the load generator to core 1 when taskset exists. Traffic stays on loopback. Only processes
# this script started are stopped, by PID.
set -euo pipefail
SELF=$(readlink -f "${BASH_SOURCE[0]}")
ROOT=$(cd "$(dirname "$SELF")/.." && pwd)
SCRIPT=run-redis.sh
HELP_LINES=2,19
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
for tool in redis-server redis-cli; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run-redis.sh: $tool is needed (apt-get install redis-server)" >&2; exit 1; }
done
bench_build

OUT="$ROOT/bench/results/redis-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$OUT"
RAW="$OUT/raw.jsonl"
: > "$RAW"

# free_port FROM: prints the first port from FROM on that nothing listens on.
free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

PIDS=()
REDIS_PID=""
stop_servers() {
  local pid
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  PIDS=()
}
cleanup() {
  stop_servers
  if [[ -n $REDIS_PID ]]; then stop_pid "$REDIS_PID"; REDIS_PID=""; fi
}
trap cleanup EXIT

REDIS_PORT=$(free_port 16390)
"${SERVER_CPU[@]}" redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
  --daemonize no >"$OUT/redis.log" 2>&1 &
REDIS_PID=$!
wait_port "$REDIS_PORT" "$REDIS_PID" "$OUT/redis.log"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"

{
  bench_env
  echo "redis: $(redis-server --version | head -n 1) on port $REDIS_PORT (pid $REDIS_PID)"
  echo "server jvm: ${SERVER_JVM[*]}  pinning: servers and redis ${SERVER_CPU[*]:-none} / load generator ${CLIENT_CPU[*]:-none}"
} > "$OUT/env.txt"
cat "$OUT/env.txt" >&2

# start_demo PORT LOG [--redis URL]: starts a fresh chat demo and records its pid in PIDS.
start_demo() {
  local port=$1 log=$2
  shift 2
  env -u SWITCHBOARD_REDIS_URL "${SERVER_CPU[@]}" "$JAVA" "${SERVER_JVM[@]}" -jar "$CLI_JAR" \
    demo --port "$port" "$@" >"$log" 2>&1 &
  PIDS+=("$!")
  wait_port "$port" "$!" "$log"
}

scenario_args() {
  case $1 in
    fanout-10x100) echo "--rooms 10 --members 100 --senders 1 --rate 0 --warmup $WARMUP --duration $DURATION" ;;
    fanout-1x5000) echo "--rooms 1 --members 5000 --senders 1 --rate 20 --warmup $WARMUP --duration $DURATION --source-ips 127.0.0.1,127.0.0.2" ;;
    # Not in the default list: 100 members at the rate of fanout-1x5000, to compare Redis CPU per
    # group send at the same rate and a 50x smaller group.
    fanout-1x100-rate20) echo "--rooms 1 --members 100 --senders 1 --rate 20 --warmup $WARMUP --duration $DURATION" ;;
    # Not in the default list: the same rooms at 0.5 messages/s per room, so Redis CPU in the
    # window is mostly its background work (leases, heartbeats, its own timers), for comparison.
    background-10x100) echo "--rooms 10 --members 100 --senders 1 --rate 0.5 --warmup $WARMUP --duration $DURATION" ;;
    background-1x5000) echo "--rooms 1 --members 5000 --senders 1 --rate 0.5 --warmup $WARMUP --duration $DURATION --source-ips 127.0.0.1,127.0.0.2" ;;
    *) return 1 ;;
  esac
}

SCENARIOS=(fanout-10x100 fanout-1x5000)
if [[ -n $ONLY ]]; then
  IFS=, read -r -a SCENARIOS <<<"$ONLY"
  for s in "${SCENARIOS[@]}"; do
    scenario_args "$s" >/dev/null || { echo "run-redis.sh: unknown scenario $s" >&2; exit 2; }
  done
fi

port=18200
for scenario in "${SCENARIOS[@]}"; do
  read -r -a args <<<"$(scenario_args "$scenario")"
  for run in $(seq 1 "$RUNS"); do
    for layer in memory redis; do
      base="$OUT/$scenario-$layer-$run"
      echo "[$scenario] $layer run $run/$RUNS" >&2
      redis-cli -p "$REDIS_PORT" flushall >/dev/null
      redis-cli -p "$REDIS_PORT" config resetstat >/dev/null
      load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo null)
      probe=()
      ok=1
      p1=$(free_port $((port + 1)))
      port=$p1
      if [[ $layer == memory ]]; then
        start_demo "$p1" "$base.server1.log" || ok=0
        probe=(--ports "$p1")
      else
        p2=$(free_port $((p1 + 1)))
        port=$p2
        start_demo "$p1" "$base.server1.log" --redis "$REDIS_URL" || ok=0
        (( ok )) && { start_demo "$p2" "$base.server2.log" --redis "$REDIS_URL" || ok=0; }
        probe=(--ports "$p1,$p2" --redis-pid "$REDIS_PID")
      fi
      for pid in "${PIDS[@]}"; do probe+=(--server-pid "$pid"); done
      if (( ! ok )); then
        printf '{"scenario":"%s","layer":"%s","run":%d,"error":"server did not start"}\n' \
          "$scenario" "$layer" "$run" >> "$RAW"
        stop_servers
        continue
      fi
      sleep 1
      run_loadgen "$RAW" "$(printf '"scenario":"%s","layer":"%s","run":%d' "$scenario" "$layer" "$run")" \
        "$base.loadgen.log" "$load" "${probe[@]}" "${args[@]}"
      # What Redis executed during the whole run (warm-up and drain included), to explain its CPU.
      redis-cli -p "$REDIS_PORT" info commandstats > "$base.redis-commandstats.txt" || true
      stop_servers
    done
  done
done

"$JAVA" -cp "$BENCH_CP" dev.switchboard.bench.RedisSummary "$RAW" > "$OUT/summary.md"
cp "$OUT/summary.md" "$ROOT/bench/results/redis-latest.md"
{ echo; cat "$OUT/env.txt"; echo; } >> "$OUT/summary.md"
cat "$OUT/summary.md"
echo "raw results: $RAW" >&2
