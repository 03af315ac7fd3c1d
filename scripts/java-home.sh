# Sourced by ./switchboard, .ci/run and kernel/bench/load.sh (POSIX sh): selects a JDK 21 or newer and exports
# JAVA_HOME. Order: JAVA_HOME if it is 21+, else `java` on PATH, else /usr/lib/jvm/*. With $1 = strict, a JAVA_HOME
# that is set but older is an error (the user chose it) instead of being skipped. $2 names the caller in messages.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}

select_java_home() {
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(java_major "$JAVA_HOME/bin/java" 2>/dev/null || true)
    if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME
      return 0
    fi
    if [ "$1" = strict ]; then
      echo "$2: Switchboard needs Java 21 or newer; JAVA_HOME=$JAVA_HOME is Java ${v:-unknown}" >&2
      exit 1
    fi
  fi
  JAVA_HOME=""
  for c in "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
    if [ -n "$c" ] && [ -x "$c" ]; then
      v=$(java_major "$c")
      if [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null; then
        JAVA_HOME=$(cd "$(dirname "$(readlink -f "$c")")/.." && pwd -P)
        export JAVA_HOME
        return 0
      fi
    fi
  done
  echo "$2: no Java 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm); install a JDK 21+" >&2
  exit 1
}
