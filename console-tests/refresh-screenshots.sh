#!/bin/sh
# Copies the console screenshots the browser tests wrote under console-tests/target/screenshots/ to docs/console/
# for the README. Run the browser tests first, e.g.:
#   ./mvnw verify -pl console-tests -am -Dtest='ConsoleBrowserTest,FlowsAndSessionsBrowserTest' -Dsurefire.failIfNoSpecifiedTests=false
#   console-tests/refresh-screenshots.sh
set -eu
cd "$(dirname "$0")/.."
src=console-tests/target/screenshots
dst=docs/console
mkdir -p "$dst"
for name in dashboard-en accounts-zh phone-keys; do
  if [ ! -f "$src/$name.png" ]; then
    echo "refresh-screenshots: $src/$name.png is missing; run the browser tests first" >&2
    exit 1
  fi
  cp "$src/$name.png" "$dst/$name.png"
done
echo "refresh-screenshots: copied $(ls "$dst" | wc -l) screenshots to $dst"
