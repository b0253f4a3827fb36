#!/usr/bin/env bash
# Publishes the exporter as one NativeAOT executable (no .NET runtime needed to run it): about a third less memory
# than the JIT build and a `once` that starts in milliseconds (bench/README.md). Needs clang and zlib1g-dev
# (scripts/lib/services.sh's ensure_packages installs them).
# Usage: scripts/publish-native.sh [OUTPUT_DIR]   (default: artifacts/native; the executable is OUTPUT_DIR/exporter)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/native}
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "publish-native.sh: no NativeAOT runtime identifier for $(uname -m)" >&2; exit 1 ;;
esac
dotnet publish src/Exporter -c Release -r "$rid" -p:PublishAot=true -o "$out" --nologo -v quiet
rm -f "$out"/*.dbg "$out"/*.pdb
chmod 755 "$out" "$out/exporter"
echo "$out/exporter"
