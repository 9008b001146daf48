#!/bin/sh
# Builds the OpenFX shim into the bundle, or the project's test host; run by the Maven build (plugin/pom.xml).
# Without gcc (or without the JDK's jni.h) it says so and exits 0: the OpenFX tests then skip.
#   build.sh bundle <bundle dir> <JDK include dir>
#   build.sh host <output file>
#   build.sh jre <bundle dir> <java home>     (a Java runtime for the bundle, made with jlink)
set -eu
if [ "$1" = jre ]; then
  # only the modules the node needs (jdeps on Resources/java: the node and its libraries use java.base, java.logging
  # and jdk.unsupported; java.desktop, java.sql and java.compiler are reached only by code the node never runs)
  modules=java.base,java.logging,jdk.unsupported
  jre=$2/Contents/Resources/jre
  jlink=$3/bin/jlink
  if [ ! -x "$jlink" ] || [ ! -d "$3/jmods" ]; then
    echo "[WARNING] no Java runtime in the OpenFX bundle: no jlink or jmods in $3 (Debian: openjdk-17-jmods); hosts then need JAVA_HOME"
    exit 0
  fi
  stamp="$modules $("$3/bin/java" -version 2>&1 | head -1)"
  if [ -f "$jre/lib/server/libjvm.so" ] && [ "$(cat "$jre/facemat-modules" 2>/dev/null)" = "$stamp" ]; then
    exit 0
  fi
  rm -rf "$jre"
  mkdir -p "$(dirname "$jre")"
  "$jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 --output "$jre"
  echo "$stamp" > "$jre/facemat-modules"
  echo "OpenFX bundle Java runtime: $jre ($(du -sh "$jre" | cut -f1))"
  exit 0
fi
if ! command -v gcc >/dev/null 2>&1; then
  echo "[WARNING] skipping the OpenFX ${1}: no C compiler (gcc) on the PATH; the OpenFX tests will be skipped"
  exit 0
fi
here=$(cd "$(dirname "$0")" && pwd)
case "$1" in
  bundle)
    bundle=$2
    include=$3
    if [ ! -f "$include/jni.h" ]; then
      echo "[WARNING] skipping the OpenFX bundle: no jni.h in $include (build with a JDK, not a JRE); the OpenFX tests will be skipped"
      exit 0
    fi
    mkdir -p "$bundle/Contents/Linux-x86-64"
    # only the OpenFX entry points are exported: hidden by default, the version script names the three
    gcc -std=c11 -O2 -Wall -Wextra -Wno-format-truncation -fPIC -fvisibility=hidden -shared \
      -I"$include" -I"$include/linux" -Wl,--version-script="$here/exports.map" \
      -o "$bundle/Contents/Linux-x86-64/FaceMat.ofx" "$here/facemat_ofx.c" "$here/jvm_bridge.c" -ldl -lpthread
    echo "OpenFX bundle: $bundle"
    ;;
  host)
    mkdir -p "$(dirname "$2")"
    gcc -std=c11 -O2 -Wall -Wextra -Wno-unused-parameter -I"$here" -o "$2" \
      "$here/../src/test/native/ofx_test_host.c" -ldl -lpthread -lm
    ;;
  *)
    echo "usage: build.sh bundle <bundle dir> <JDK include dir> | host <output file>" >&2
    exit 2
    ;;
esac
