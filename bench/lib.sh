# Shared by bench/run.sh and bench/run-redis.sh (sourced, not run): the JDK, options, build,
# JVM flags and pinning, and process helpers. Callers set SCRIPT (their name, for messages) and
# HELP_LINES (the range of their header comment that --help prints) before sourcing.
# shellcheck shell=bash
# shellcheck source=bin/lib/jdk.sh
source "$ROOT/bin/lib/jdk.sh"
sb_require_jdk || exit 1

RUNS=3
# Warm-up past the servers' first heartbeat round (pings every 25 s): until then the JIT is
# still compiling the hot paths, and the first pings and pongs bring new frame types into them,
# which makes it recompile; with 5 s the measured window included seconds of compilation.
WARMUP=30
DURATION=10
ONLY=""
AGAINST=""
while (( $# )); do
  case $1 in
    --against) AGAINST=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --quick) RUNS=1; WARMUP=2; DURATION=4; shift ;;
    --only) ONLY=$2; shift 2 ;;
    -h|--help) sed -n "${HELP_LINES}p" "$SELF"; exit 0 ;;
    *) echo "$SCRIPT: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
[[ $RUNS =~ ^[1-9][0-9]?$ ]] || { echo "$SCRIPT: --runs must be 1-99: $RUNS" >&2; exit 2; }
[[ $WARMUP =~ ^[0-9]{1,3}$ ]] || { echo "$SCRIPT: --warmup must be 0-999 seconds: $WARMUP" >&2; exit 2; }

# Many sockets per process need the open-file limit raised to the hard limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# bench_build: builds the load generator, the baseline and the CLI once; with --against REV also
# the CLI at REV, in a detached worktree under bench/target (removed again by bench_cleanup).
bench_build() {
  echo "building (bench, switchboard-cli)…" >&2
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl bench,switchboard-cli -am >&2)
  if [[ -n $AGAINST ]]; then
    local rev
    rev=$(cd "$ROOT" && git rev-parse --short "$AGAINST^{commit}") \
      || { echo "$SCRIPT: --against needs a commit: $AGAINST" >&2; exit 2; }
    AGAINST_TREE="$ROOT/bench/target/against-$rev"
    echo "building switchboard-cli at $rev (the baseline for --against)…" >&2
    rm -rf "$AGAINST_TREE"
    (cd "$ROOT" && git worktree prune && git worktree add -q --detach "$AGAINST_TREE" "$rev")
    (cd "$AGAINST_TREE" && ./mvnw -B -q -DskipTests package -pl switchboard-cli -am >&2)
    AGAINST_JAR="$AGAINST_TREE/switchboard-cli/target/switchboard-cli.jar"
    AGAINST="$rev"
  fi
}

# bench_cleanup: removes the --against worktree, if any.
bench_cleanup() {
  if [[ -n ${AGAINST_TREE:-} && -d $AGAINST_TREE ]]; then
    (cd "$ROOT" && git worktree remove --force "$AGAINST_TREE") || true
  fi
}

JAVA="$JAVA_HOME/bin/java"
BENCH_CP="$ROOT/bench/target/switchboard-bench.jar:$ROOT/bench/target/lib/*"
CLI_JAR="$ROOT/switchboard-cli/target/switchboard-cli.jar"
# The same JVM flags for every server.
SERVER_JVM=(-Xms512m -Xmx2g -XX:+UseG1GC --enable-native-access=ALL-UNNAMED)
CLIENT_JVM=(-Xmx2g -XX:+UseG1GC --enable-native-access=ALL-UNNAMED)
SERVER_CPU=() CLIENT_CPU=()
if command -v taskset >/dev/null 2>&1 && (( $(nproc) >= 2 )); then
  SERVER_CPU=(taskset -c 0) CLIENT_CPU=(taskset -c 1)
fi

# bench_env: prints the facts every results folder records (date, commit, JDK, machine, runs).
bench_env() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "java: $("$JAVA" -version 2>&1 | head -n 1)"
  echo "cpus: $(nproc), memory: $(free -g 2>/dev/null | awk '/Mem:/{print $2" GiB"}')"
  echo "runs: $RUNS, warmup: ${WARMUP}s, window: ${DURATION}s"
  if [[ -n $AGAINST ]]; then
    echo "baseline: the Switchboard demo at $AGAINST (--against), not raw Netty"
  fi
}

# stop_pid PID: SIGTERM, up to 10 s to exit, then SIGKILL; only for processes this script started.
stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}

# wait_port PORT PID LOG: waits (at most 30 s) until PORT accepts connections, failing early if
# the process exits.
wait_port() {
  local port=$1 pid=$2 log=$3
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "$SCRIPT: process $pid exited; see $log" >&2; return 1; }
    sleep 0.1
  done
  echo "$SCRIPT: nothing listening on $port after 30 s; see $log" >&2
  return 1
}

# run_loadgen RAW LABEL LOG LOAD [LoadGen args...]: runs the load generator on the client core
# and appends one line to RAW: {LABEL,"loadavg":LOAD,"result":{...}} on success, or
# {LABEL,"error":...} naming LOG; LABEL is the run's JSON fields, e.g. "scenario":"x","run":1.
run_loadgen() {
  local raw=$1 label=$2 log=$3 load=$4
  shift 4
  local result=""
  if result=$(timeout 600 "${CLIENT_CPU[@]}" "$JAVA" "${CLIENT_JVM[@]}" -cp "$BENCH_CP" \
      dev.switchboard.bench.LoadGen "$@" 2>"$log" | tail -n 1) && [[ $result == \{* ]]; then
    printf '{%s,"loadavg":%s,"result":%s}\n' "$label" "$load" "$result" >> "$raw"
    echo "  $result" >&2
  else
    printf '{%s,"error":"load generator failed, see %s"}\n' "$label" "$(basename "$log")" >> "$raw"
    echo "  load generator failed; see $log" >&2
  fi
}
