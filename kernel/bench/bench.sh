#!/bin/sh
# Builds and runs the JMH benchmarks. Pass JMH options through, e.g.
#   kernel/bench/bench.sh ConversionBenchmark -prof gc       (allocation per operation)
#   kernel/bench/bench.sh StreamBenchmark -f 1 -wi 2 -i 3
set -eu
cd "$(dirname "$0")/../.."
./mvnw -q -B -pl kernel/bench -am package -DskipTests
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar kernel/bench/target/benchmarks.jar "$@"
