#!/bin/sh
# The load benchmark (and with --scale the scale benchmark): builds the distribution, unpacks it, and runs
# gateway, fast fake upstream and load client as separate processes on loopback. Bounded: about 4 minutes
# for the load table, 1 more for --scale. Options: --seconds S --warmup S --gateway-warmup S (unmeasured
# gateway warm-up before the table, 90) --concurrency N (default 10) --streams N (scale, default 8000)
# --jfr FILE (record the gateway) --heap SIZE (gateway heap, 512m) --rounds N (each cell N times, median shown)
# --scale (add the scale run) --scale-only.
set -eu
cd "$(dirname "$0")/../.."
. ./scripts/java-home.sh
select_java_home lenient load.sh
PATH="$JAVA_HOME/bin:$PATH"; export PATH
./mvnw -q -B package -DskipTests
dist=distribution/target/dist
rm -rf "$dist" && mkdir -p "$dist"
unzip -q distribution/target/switchboard-*.zip -d "$dist.tmp"
mv "$dist.tmp"/*/* "$dist" && rm -rf "$dist.tmp"
exec "$JAVA_HOME/bin/java" -cp kernel/bench/target/classes dev.switchboard.bench.load.LoadBench \
  --dist "$dist" "$@"
