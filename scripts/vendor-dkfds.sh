#!/usr/bin/env bash
# Refresh the vendored DKFDS (Det Fælles Designsystem) build under static/vendor/dkfds/.
# Usage: scripts/vendor-dkfds.sh [VERSION]   (default: the version in static/vendor/dkfds/VERSION)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/static/vendor/dkfds"
version=${1:-$(cat "$dest/VERSION" 2>/dev/null || echo latest)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "dkfds@$version" >/dev/null && tar xzf dkfds-*.tgz)
dist="$tmp/package/dist"
rm -rf "$dest"
mkdir -p "$dest/css" "$dest/js" "$dest/fonts/IBMPlexSans"
cp "$dist/css/dkfds.min.css" "$dist/css/dkfds.min.css.map" "$dest/css/"
cp "$dist/js/dkfds.min.js" "$dist/js/dkfds.min.js.map" "$dest/js/"
cp -r "$dist/fonts/IBMPlexSans/complete" "$dest/fonts/IBMPlexSans/"
cp -r "$dist/img" "$dest/"
cp "$tmp/package/LICENSE.md" "$dest/LICENSE.md"
node -p "require('$tmp/package/package.json').version" > "$dest/VERSION"
echo "DKFDS $(cat "$dest/VERSION") vendored into static/vendor/dkfds/"
