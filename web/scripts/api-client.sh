#!/usr/bin/env bash
# The web client's typed API (docs/WEB.md): the service's own OpenAPI document, and the TypeScript
# types openapi-typescript derives from it.
#   generate: writes web/src/api/openapi.json and web/src/api/schema.d.ts
#   check:    regenerates into a temporary folder and fails when the committed files differ
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-generate}
npm run build:if-stale --silent >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
node dist/src/cli/openapi-document.js "$tmp/raw.json"
# Formatted as the committed files are, so `npm run format` leaves them alone.
npx prettier --stdin-filepath web/src/api/openapi.json <"$tmp/raw.json" >"$tmp/openapi.json"
npx openapi-typescript "$tmp/openapi.json" --output "$tmp/raw.d.ts" --silent >/dev/null
npx prettier --stdin-filepath web/src/api/schema.d.ts <"$tmp/raw.d.ts" >"$tmp/schema.d.ts"
case "$mode" in
  generate)
    cp "$tmp/openapi.json" "$tmp/schema.d.ts" web/src/api/
    echo "web/src/api/openapi.json and schema.d.ts regenerated"
    ;;
  check)
    stale=0
    for f in openapi.json schema.d.ts; do
      if ! diff -u "web/src/api/$f" "$tmp/$f" >"$tmp/$f.diff"; then
        stale=1
        echo "web/src/api/$f is stale; run npm run api:generate and commit it:" >&2
        head -40 "$tmp/$f.diff" >&2
      fi
    done
    [ "$stale" -eq 0 ] && echo "web/src/api is up to date with the service's OpenAPI document"
    exit "$stale"
    ;;
  *)
    echo "usage: $0 generate|check" >&2
    exit 2
    ;;
esac
