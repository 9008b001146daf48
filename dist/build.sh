#!/bin/sh
# Lays out and packs the command line's archives (run by the Maven build of dist/, after it has staged the jars):
#   <name>-linux-x86_64.tar.gz        bin/facemat, lib/ (the render class path), jre/ (a jlink runtime), models/,
#                                     presets/, sample-projects/, docs/, README.md, LICENSE
#   facemat-train-<version>-linux-x86_64.tar.gz   <name>/lib/train/: the trainer and its PyTorch engine, unpacked
#                                     over the first to add the training commands
# Arguments: the target folder, the archive name (facemat-<version>), the source root, the JDK's home.
set -eu
target=$1
name=$2
root=$3
jdk=$4
stage=$target/stage
if [ ! -d "$jdk/jmods" ] || [ ! -x "$jdk/bin/jlink" ]; then
  echo "facemat distribution: not built, $jdk has no jmods for jlink (Debian: apt-get install openjdk-17-jmods)"
  exit 0
fi
out=$stage/$name
rm -rf "$out" "$stage/train"
mkdir -p "$out/bin" "$out/lib" "$out/models" "$stage/train/$name/lib/train"

# The Java modules the command line, its libraries and the trainer use (jdeps on the jars, then checked by
# running the archive: DistributionIT); jdk.unsupported for sun.misc.Signal and the native libraries' Unsafe.
"$jdk/bin/jlink" --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml,jdk.unsupported,jdk.zipfs \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/jre"

cp "$stage"/lib/*.jar "$out/lib/"
cp "$stage"/train-lib/*.jar "$stage/train/$name/lib/train/"
cp "$root/dist/facemat" "$out/bin/facemat"
chmod 755 "$out/bin/facemat"
cp "$root"/core/src/main/resources/models/*.onnx "$out/models/"
cp -R "$root/presets" "$root/sample-projects" "$out/"
mkdir -p "$out/docs" && cp "$root"/docs/*.md "$out/docs/"
cp "$root/README.md" "$root/LICENSE" "$out/"

train=$(echo "$name" | sed 's/^facemat-/facemat-train-/')
rm -f "$target/$name-linux-x86_64.tar.gz" "$target/$train-linux-x86_64.tar.gz"
tar -C "$stage" -czf "$target/$name-linux-x86_64.tar.gz.part" "$name"
mv "$target/$name-linux-x86_64.tar.gz.part" "$target/$name-linux-x86_64.tar.gz"
tar -C "$stage/train" -czf "$target/$train-linux-x86_64.tar.gz.part" "$name"
mv "$target/$train-linux-x86_64.tar.gz.part" "$target/$train-linux-x86_64.tar.gz"
echo "facemat distribution: $(du -h "$target/$name-linux-x86_64.tar.gz" | cut -f1) $target/$name-linux-x86_64.tar.gz" \
  "(unpacked $(du -sh "$out" | cut -f1)), training: $(du -h "$target/$train-linux-x86_64.tar.gz" | cut -f1)"
