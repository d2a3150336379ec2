#!/usr/bin/env bash
# Runs the JMH microbenchmarks of the hot path with short settings and prints the results:
# a group send to 1,000 local members (per delivery), JSON consumer dispatch (per message), and
# the TLS engines, JDK against BoringSSL (TlsEngineBenchmark).
#
#   bench/jmh.sh                         # all, -f 1 -wi 3 -i 5, 1 s iterations
#   bench/jmh.sh GroupSend -p path=websocket.send   # any JMH arguments: a filter, params...
#
# Results also go to bench/results/jmh-<time>.txt.
set -euo pipefail
SELF=$(readlink -f "${BASH_SOURCE[0]}")
ROOT=$(cd "$(dirname "$SELF")/.." && pwd)
# shellcheck source=bin/lib/jdk.sh
source "$ROOT/bin/lib/jdk.sh"
sb_require_jdk || exit 1

echo "building bench…" >&2
(cd "$ROOT" && ./mvnw -B -q -DskipTests package -pl bench -am >&2)

mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/jmh-$(date +%Y%m%d-%H%M%S).txt"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "$ROOT/bench/target/switchboard-bench.jar:$ROOT/bench/target/lib/*" \
  org.openjdk.jmh.Main -f 1 -wi 3 -i 5 -w 1s -r 1s -rf text -rff "$OUT" "$@"
echo "results: $OUT" >&2
